// Navigation on top of wouter (the console's router, see App.tsx): the one thing wouter leaves to
// the app is "Leave without saving?". A form declares unsaved changes with useUnsavedChanges(dirty);
// then an in-app link, navigate(), or the browser's Back/Forward to another page shows LeavePrompt,
// and closing or reloading the tab shows the browser's own prompt. Changing only the query string
// (a list's filters) never asks: the page stays.
import { useEffect, useSyncExternalStore } from "react";
import { navigate as browserNavigate } from "wouter/use-browser-location";

/** Where the console is served; given to wouter's <Router base>. */
export const BASE = "/console";

type NavOptions = { replace?: boolean; force?: boolean };

const hasWindow = typeof window !== "undefined";
const pathnameOf = (url: string) => url.split(/[?#]/)[0]!.replace(/\/+$/, "") || "/";
const here = () => window.location.pathname + window.location.search;

/** Forms with unsaved changes right now (one token per mounted dirty form). */
const unsaved = new Set<symbol>();

/** The navigation waiting for "Leave"/"Stay" in the prompt; null when none is asked. */
let pendingLeave: { proceed: () => void } | null = null;
const promptListeners = new Set<() => void>();
function setPendingLeave(next: { proceed: () => void } | null) {
  pendingLeave = next;
  promptListeners.forEach((l) => l());
}

/** The URL the app shows: Back to another page is undone to here while the prompt asks. */
let shownUrl = hasWindow ? here() : "";

if (hasWindow) {
  // wouter's history patch announces pushState/replaceState as events of those names.
  for (const type of ["pushState", "replaceState"]) window.addEventListener(type, () => (shownUrl = here()));
  // Registered at import, before wouter subscribes, so this runs first: wouter then reads the
  // restored address and the page never changes underneath the prompt.
  window.addEventListener("popstate", () => {
    const target = here();
    if (unsaved.size > 0 && pathnameOf(target) !== pathnameOf(shownUrl)) {
      // Back/Forward already moved the address: put it back while the person decides.
      window.history.pushState(null, "", shownUrl);
      setPendingLeave({ proceed: () => go(target, {}) });
      return;
    }
    shownUrl = target;
  });
}

function go(url: string, opts: NavOptions, nav: (to: string, o: NavOptions) => void = browserNavigate) {
  const leavesPage = pathnameOf(url) !== pathnameOf(here());
  nav(url, opts);
  // A new page starts at its top; a filter change within a page keeps the scroll position.
  if (leavesPage) window.scrollTo(0, 0);
}

/** wouter's `aroundNav`: every Link and useLocation() navigation passes here. `to` includes BASE. */
export function guardNavigation(nav: (to: string, o?: NavOptions) => void, to: string, opts?: NavOptions) {
  if (!opts?.force && unsaved.size > 0 && pathnameOf(to) !== pathnameOf(here())) {
    setPendingLeave({ proceed: () => go(to, opts ?? {}, nav) });
    return;
  }
  go(to, opts ?? {}, nav);
}

/**
 * Navigation from outside a component's render (notifications, after sign-out). `to` is inside the
 * console ("/inbox?view=bot"); `force` skips the unsaved-changes prompt (after signing out nothing
 * is left to save).
 */
export function navigate(to: string, opts: NavOptions = {}) {
  guardNavigation(browserNavigate, BASE + to, opts);
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
