// A small path router over the History API (the console has a dozen pages under /console/), with
// one addition a library router would also give: leaving a page that holds unsaved changes asks
// first. A form declares them with useUnsavedChanges(dirty); then an in-app link, the browser's
// Back button or navigate() to another page shows the "Leave without saving?" prompt
// (LeavePrompt.tsx), and closing or reloading the tab shows the browser's own prompt.
// Changing only the query string (a list's filters) never asks: the page stays.
import { useEffect, useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

export const BASE = "/console";

const hasWindow = typeof window !== "undefined";

function pathOf(pathname: string): string {
  const p = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  return p.replace(/\/+$/, "") || "/";
}

export function currentPath(): string {
  return hasWindow ? pathOf(window.location.pathname) : "/";
}

// Subscribers re-read the location after every change (navigate, Back/Forward).
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forms with unsaved changes right now (one token per mounted dirty form). */
const unsaved = new Set<symbol>();

/** The navigation waiting for "Leave"/"Stay" in the prompt; null when none is asked. */
let pendingLeave: { proceed: () => void } | null = null;
const promptListeners = new Set<() => void>();
function setPendingLeave(next: { proceed: () => void } | null) {
  pendingLeave = next;
  promptListeners.forEach((l) => l());
}

/** Where the app last was: Back to another page is undone to here while the prompt asks. */
let shownUrl = hasWindow ? window.location.pathname + window.location.search : "";

function go(url: string, opts: { replace?: boolean; keepScroll?: boolean }) {
  if (opts.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  shownUrl = url;
  emit();
  if (!opts.keepScroll) window.scrollTo(0, 0);
}

if (hasWindow) {
  window.addEventListener("popstate", () => {
    const target = window.location.pathname + window.location.search;
    if (unsaved.size > 0 && pathOf(window.location.pathname) !== pathOf(shownUrl.split("?")[0]!)) {
      // Back/Forward already moved the address: put it back while the person decides.
      window.history.pushState(null, "", shownUrl);
      setPendingLeave({ proceed: () => go(target, {}) });
      return;
    }
    shownUrl = target;
    emit();
  });
}

/**
 * `to` may carry a query string ("/inbox?view=bot"); `keepScroll` for changes within one page;
 * `force` skips the unsaved-changes prompt (after signing out nothing is left to save).
 */
export function navigate(to: string, opts: { replace?: boolean; keepScroll?: boolean; force?: boolean } = {}) {
  const url = `${BASE}${to}`;
  const leavesPage = pathOf(url.split("?")[0]!) !== currentPath();
  if (!opts.force && leavesPage && unsaved.size > 0) {
    setPendingLeave({ proceed: () => go(url, opts) });
    return;
  }
  go(url, opts);
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => "/");
}

export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      href={`${BASE}${to}`}
      onClick={(e: MouseEvent<HTMLAnchorElement>) => {
        onClick?.(e);
        if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
      {...rest}
    />
  );
}

/** The query string (filters live there so a link or a reload shows the same list). */
export function useSearchParams(): URLSearchParams {
  const search = useSyncExternalStore(
    subscribe,
    () => window.location.search,
    () => "",
  );
  return useMemo(() => new URLSearchParams(search), [search]);
}

/**
 * Declares that the calling form holds changes not saved yet: while `dirty`, leaving its page asks
 * first, and so does closing or reloading the tab.
 */
export function useUnsavedChanges(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const token = Symbol("unsaved form");
    unsaved.add(token);
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium versions show the prompt only when returnValue is set.
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      unsaved.delete(token);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [dirty]);
}

/** For LeavePrompt: the navigation being asked about, and the two answers. */
export function usePendingLeave() {
  const pending = useSyncExternalStore(
    (l) => {
      promptListeners.add(l);
      return () => promptListeners.delete(l);
    },
    () => pendingLeave,
    () => null,
  );
  return {
    asking: pending !== null,
    leave: () => {
      setPendingLeave(null);
      pending?.proceed();
    },
    stay: () => setPendingLeave(null),
  };
}
