// Above the FAQ table: the status tabs with their counts, the search, the category filter and the
// page size, all kept in the URL by useFaqFilters.
import { ListToolbar } from "../../components/ListToolbar.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";
import type { useFaqFilters } from "./useFaqFilters.ts";

export function FaqListControls({
  filters,
  counts,
}: {
  filters: ReturnType<typeof useFaqFilters>;
  /** FAQs per status under the current search and category; undefined while loading. */
  counts: RouterOutputs["faq"]["list"]["counts"] | undefined;
}) {
  const categories = trpc.faq.categories.useQuery();
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Status">
        {(["all", "active", "inactive"] as const).map((s) => (
          <button
            key={s}
            role="tab"
            aria-selected={filters.status === s}
            className={filters.status === s ? "on" : ""}
            onClick={() => filters.set({ status: s })}
          >
            {s === "all" ? "All" : s === "active" ? "Active" : "Inactive"}
            <span className="count">{counts ? counts[s] : "–"}</span>
          </button>
        ))}
      </div>
      <ListToolbar
        search={filters.search}
        onSearch={(q) => filters.set({ q })}
        searchLabel="Search FAQs"
        placeholder="Search questions and answers…"
        filtered={filters.filtered}
        onClear={filters.clear}
        end={
          <label className="row small muted">
            Rows
            <select
              style={{ width: 80, minWidth: 0 }}
              value={filters.pageSize}
              onChange={(e) => filters.set({ size: e.target.value })}
            >
              {[10, 25, 50, 100].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
        }
      >
        <select
          aria-label="Category"
          value={filters.category}
          onChange={(e) => filters.set({ category: e.target.value })}
        >
          <option value="">All categories</option>
          {categories.data?.map((c) => (
            <option key={c.category} value={c.category}>
              {c.category} ({c.count})
            </option>
          ))}
        </select>
      </ListToolbar>
    </>
  );
}
