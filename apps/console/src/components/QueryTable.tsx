// A list loaded by a query, shown the same way on every page: its error, "Loading…" until the rows
// arrive, the empty state when there are none, else the table (with a visually hidden "Actions"
// header over the row buttons) and what follows it (pagination). The caller draws each row.
import { Fragment, isValidElement, type ReactElement, type ReactNode } from "react";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { Loading, Pagination } from "./ui.tsx";

export function QueryTable<T>({
  items,
  error,
  errorTitle,
  empty,
  label,
  testId,
  columns,
  actions,
  pages,
  children: row,
}: {
  /** The rows; undefined while the first load is under way. */
  items: readonly T[] | undefined;
  /** The list query's error, or any error that belongs above the list (a failed row action). */
  error?: unknown;
  errorTitle?: string;
  /** Shown instead of the table when there are no rows; without it an empty table shows. */
  empty?: ReactNode;
  /** The table's accessible name. */
  label?: string;
  testId?: string;
  /** Column headers: text, or a whole <th> (a sortable header). */
  columns: ReadonlyArray<string | ReactElement>;
  /** Adds the last column's header for the row buttons (read by screen readers only). */
  actions?: boolean;
  /** Below the table while it has rows: "1–25 of 80" and the page buttons (a list page's reply fits as it is). */
  pages?: { page: number; pageSize: number; total: number; noun: string; onPage: (page: number) => void };
  /** One <tr> for a row. */
  children: (item: T) => ReactNode;
}) {
  const errors = (Array.isArray(error) ? error : [error]).filter(Boolean);
  return (
    <>
      {errors.map((e, i) => (
        <div className="panel-body" key={i}>
          <ErrorAlert error={e} title={errorTitle} />
        </div>
      ))}
      {items === undefined && errors.length === 0 && <Loading />}
      {items && items.length === 0 && empty}
      {items && (items.length > 0 || empty === undefined) && (
        <>
          <div className="table-wrap">
            <table className="table" aria-label={label} data-testid={testId}>
              <thead>
                <tr>
                  {columns.map((c, i) => (isValidElement(c) ? <Fragment key={i}>{c}</Fragment> : <th key={i}>{c}</th>))}
                  {actions && (
                    <th>
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>{items.map(row)}</tbody>
            </table>
          </div>
          {items.length > 0 && pages && (
            <Pagination
              page={pages.page}
              pageSize={pages.pageSize}
              total={pages.total}
              noun={pages.noun}
              onPage={pages.onPage}
            />
          )}
        </>
      )}
    </>
  );
}

/** The row's buttons, in the Actions column. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <td className="nowrap" style={{ textAlign: "right" }}>
      {children}
    </td>
  );
}

/** A column header that sorts the list by this column; a second click reverses the order. */
export function SortHeader({
  label,
  active,
  dir,
  onSort,
}: {
  label: string;
  /** The list is sorted by this column now. */
  active: boolean;
  dir: "asc" | "desc";
  onSort: () => void;
}) {
  return (
    <th aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <button className="sort" onClick={onSort}>
        {label} {active ? dir === "asc" ? "▲" : "▼" : <span className="faint">↕</span>}
      </button>
    </th>
  );
}
