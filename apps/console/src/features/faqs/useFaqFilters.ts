// The FAQ list's filters, sort and page, in the URL (?q=&category=&status=&sort=&dir=&page=&size=).
import { FAQ_SORT_FIELDS } from "@support/schemas";
import { oneOf, useListParams } from "../../components/useListParams.ts";
import type { RouterInputs } from "../../trpc.ts";

export type Status = NonNullable<RouterInputs["faq"]["list"]["status"]>;
export type SortBy = (typeof FAQ_SORT_FIELDS)[number];

const DEFAULTS = { q: "", category: "", status: "all", sort: "updatedAt", dir: "desc", page: "1", size: "25" };

export function useFaqFilters() {
  const { values, set } = useListParams(DEFAULTS);
  const filters = {
    search: values.q,
    category: values.category,
    status: oneOf<Status>(values.status, ["all", "active", "inactive"], "all"),
    sortBy: oneOf<SortBy>(values.sort, FAQ_SORT_FIELDS, "updatedAt"),
    sortDir: oneOf<"asc" | "desc">(values.dir, ["asc", "desc"], "desc"),
    page: Math.max(1, Number.parseInt(values.page, 10) || 1),
    pageSize: Number(oneOf(values.size, ["10", "25", "50", "100"], "25")),
  };
  const filtered = Boolean(filters.search.trim() || filters.category || filters.status !== "all");
  const clear = () => set({ q: "", category: "", status: "all" });
  return { ...filters, set, filtered, clear };
}
