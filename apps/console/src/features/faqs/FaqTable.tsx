// The FAQ table: sortable headers, the answer rendered as the widget renders it (markdown, clipped),
// the active switch and the row's actions; with the list's error, loading and empty states.
import type { ComponentProps, ReactNode } from "react";
import { Markdown } from "../../components/Markdown.tsx";
import { QueryTable, RowActions, SortHeader } from "../../components/QueryTable.tsx";
import { formatRelative, Switch } from "../../components/ui.tsx";
import type { Faq } from "./FaqEditor.tsx";
import type { SortBy } from "./useFaqFilters.ts";

export function FaqTable({
  items,
  error,
  empty,
  pages,
  sortBy,
  sortDir,
  onSort,
  onToggleActive,
  onEdit,
  onDelete,
}: {
  items: Faq[] | undefined;
  error: unknown;
  empty: ReactNode;
  pages: ComponentProps<typeof QueryTable>["pages"];
  sortBy: SortBy;
  sortDir: "asc" | "desc";
  onSort: (sortBy: SortBy, sortDir: "asc" | "desc") => void;
  onToggleActive: (faq: Faq, isActive: boolean) => void;
  onEdit: (faq: Faq) => void;
  onDelete: (faq: Faq) => void;
}) {
  const sortHeader = (field: SortBy, label: string) => (
    <SortHeader
      label={label}
      active={sortBy === field}
      dir={sortDir}
      onSort={() => {
        if (sortBy === field) onSort(field, sortDir === "asc" ? "desc" : "asc");
        else onSort(field, field === "updatedAt" ? "desc" : "asc");
      }}
    />
  );
  return (
    <QueryTable
      items={items}
      error={error}
      errorTitle="The FAQs couldn't be loaded."
      empty={empty}
      pages={pages}
      label="FAQs"
      columns={[
        sortHeader("question", "Question"),
        sortHeader("category", "Category"),
        sortHeader("isActive", "Active"),
        sortHeader("updatedAt", "Updated"),
      ]}
      actions
    >
      {(f) => (
        <tr key={f.id} className={f.isActive ? "" : "inactive"} data-testid="faq-row">
          <td>
            <div className="q">{f.question}</div>
            {f.alternatePhrasings.length > 0 && (
              <div className="faint" title={f.alternatePhrasings.join("\n")}>
                Also asked as {f.alternatePhrasings.length} other {f.alternatePhrasings.length === 1 ? "way" : "ways"}
              </div>
            )}
            <div className="a md-clip" data-testid="faq-answer">
              <Markdown text={f.answer} />
            </div>
          </td>
          <td>
            <span className="badge category">{f.category}</span>
          </td>
          <td className="nowrap">
            <Switch
              checked={f.isActive}
              label={`${f.isActive ? "Deactivate" : "Restore"} “${f.question}”`}
              onChange={(v) => onToggleActive(f, v)}
            />
          </td>
          <td className="nowrap muted" title={String(f.updatedAt)}>
            {formatRelative(f.updatedAt)}
          </td>
          <RowActions>
            <button className="small" onClick={() => onEdit(f)}>
              Edit
            </button>{" "}
            <button className="small ghost" onClick={() => onDelete(f)} aria-label={`Delete “${f.question}”`}>
              Delete
            </button>
          </RowActions>
        </tr>
      )}
    </QueryTable>
  );
}
