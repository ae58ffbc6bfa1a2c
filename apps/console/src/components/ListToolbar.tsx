// The bar above a list: a search box, the list's filters, "Clear filters" while any is set, and
// controls on the right (page size, exports).
import type { ReactNode } from "react";

export function ListToolbar({
  search,
  onSearch,
  searchLabel,
  placeholder,
  filtered,
  onClear,
  children,
  end,
}: {
  search?: string;
  onSearch?: (text: string) => void;
  searchLabel?: string;
  placeholder?: string;
  /** True while any filter or the search narrows the list. */
  filtered?: boolean;
  onClear?: () => void;
  /** The list's filters (selects, date inputs). */
  children?: ReactNode;
  /** Right-aligned controls. */
  end?: ReactNode;
}) {
  return (
    <div className="toolbar">
      {onSearch && (
        <input
          type="search"
          placeholder={placeholder}
          aria-label={searchLabel}
          value={search ?? ""}
          onChange={(e) => onSearch(e.target.value)}
        />
      )}
      {children}
      {filtered && onClear && (
        <button type="button" className="ghost small" onClick={onClear}>
          Clear filters
        </button>
      )}
      {end && (
        <>
          <span className="spacer" />
          {end}
        </>
      )}
    </div>
  );
}
