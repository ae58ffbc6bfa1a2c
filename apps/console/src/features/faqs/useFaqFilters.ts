// The FAQ list's filters, sort and page live in the URL (?q=&category=&status=&sort=&dir=&page=&size=),
// so a reload, Back or a shared link shows the same list.
import { FAQ_SORT_FIELDS } from "@support/schemas";
import { navigate, useSearchParams } from "../../router.tsx";

export type Status = "all" | "active" | "inactive";
export type SortBy = (typeof FAQ_SORT_FIELDS)[number];

const DEFAULTS = { q: "", category: "", status: "all", sort: "updatedAt", dir: "desc", page: "1", size: "25" } as const;
type Key = keyof typeof DEFAULTS;

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

export function useFaqFilters() {
  const params = useSearchParams();
  const get = (key: Key) => params.get(key) ?? DEFAULTS[key];
  const filters = {
    search: get("q"),
    category: get("category"),
    status: oneOf<Status>(get("status"), ["all", "active", "inactive"], "all"),
    sortBy: oneOf<SortBy>(get("sort"), FAQ_SORT_FIELDS, "updatedAt"),
    sortDir: oneOf<"asc" | "desc">(get("dir"), ["asc", "desc"], "desc"),
    page: Math.max(1, Number.parseInt(get("page"), 10) || 1),
    pageSize: oneOf(get("size"), ["10", "25", "50", "100"], "25"),
  };
  /** Changes some keys; any change other than the page itself goes back to page 1. */
  const set = (patch: Partial<Record<Key, string | number>>) => {
    const next = new URLSearchParams(params);
    if (!("page" in patch)) next.delete("page");
    for (const [key, value] of Object.entries(patch) as Array<[Key, string | number]>) {
      if (String(value) === DEFAULTS[key]) next.delete(key);
      else next.set(key, String(value));
    }
    const query = next.toString();
    navigate(`/faqs${query ? `?${query}` : ""}`, { replace: true, keepScroll: true });
  };
  const filtered = Boolean(filters.search.trim() || filters.category || filters.status !== "all");
  const clear = () => set({ q: "", category: "", status: "all" });
  return { ...filters, pageSize: Number(filters.pageSize), set, filtered, clear };
}
