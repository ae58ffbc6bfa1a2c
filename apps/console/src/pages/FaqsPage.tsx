// FAQs as a spreadsheet-like table: search, filter by category and status, sort, paginate,
// toggle active inline; add, edit, delete; import and export.
import { useState } from "react";
import { download, Empty, ErrorAlert, formatRelative, Loading, Pagination, Switch, ConfirmDialog, useDebounced, useToast } from "../components/ui.tsx";
import { trpc, type RouterInputs, type RouterOutputs } from "../trpc.ts";
import { FaqEditor } from "./FaqEditor.tsx";
import { ImportDialog } from "./ImportDialog.tsx";

type Faq = RouterOutputs["faq"]["list"]["items"][number];
type SortBy = NonNullable<RouterInputs["faq"]["list"]["sortBy"]>;
type Status = "all" | "active" | "inactive";

export function FaqsPage() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [search, setSearch] = useState("");
  const [category, setCategory] = useState("");
  const [status, setStatus] = useState<Status>("all");
  const [sortBy, setSortBy] = useState<SortBy>("updatedAt");
  const [sortDir, setSortDir] = useState<"asc" | "desc">("desc");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [editing, setEditing] = useState<Faq | "new" | null>(null);
  const [deleting, setDeleting] = useState<Faq | null>(null);
  const [importing, setImporting] = useState(false);
  const debounced = useDebounced(search.trim());

  const input = { search: debounced || undefined, category: category || undefined, status, sortBy, sortDir, page, pageSize };
  const list = trpc.faq.list.useQuery(input, { placeholderData: (prev) => prev });
  const categories = trpc.faq.categories.useQuery();

  const setActive = trpc.faq.setActive.useMutation({
    onMutate: async ({ id, isActive }) => {
      // Flip the switch at once; the server's answer (or an error) settles it.
      await utils.faq.list.cancel(input);
      const before = utils.faq.list.getData(input);
      utils.faq.list.setData(input, (d) => d && { ...d, items: d.items.map((f) => (f.id === id ? { ...f, isActive } : f)) });
      return { before };
    },
    onError: (err, _v, c) => {
      if (c?.before) utils.faq.list.setData(input, c.before);
      toast(err.message, { kind: "error" });
    },
    onSuccess: (f) => {
      toast(f.isActive ? "Restored: the bot uses this FAQ again." : "Deactivated: the bot no longer uses this FAQ.", {
        action: { label: "Undo", run: () => setActive.mutate({ id: f.id, isActive: !f.isActive }) },
      });
    },
    onSettled: () => utils.faq.list.invalidate(),
  });
  const remove = trpc.faq.delete.useMutation({
    onSuccess: async () => {
      setDeleting(null);
      toast("FAQ deleted.");
      await Promise.all([utils.faq.list.invalidate(), utils.faq.categories.invalidate()]);
    },
  });
  const [exporting, setExporting] = useState(false);
  const exportAs = async (format: "csv" | "json") => {
    setExporting(true);
    try {
      const file = await utils.faq.export.fetch({ format });
      download(file.filename, file.mimeType, file.content);
      toast(`Exported ${file.count} FAQs to ${file.filename}.`);
    } catch (err) {
      toast((err as Error).message, { kind: "error" });
    } finally {
      setExporting(false);
    }
  };

  const sortHeader = (field: SortBy, label: string) => (
    <th aria-sort={sortBy === field ? (sortDir === "asc" ? "ascending" : "descending") : undefined}>
      <button
        className="sort"
        onClick={() => {
          if (sortBy === field) setSortDir(sortDir === "asc" ? "desc" : "asc");
          else {
            setSortBy(field);
            setSortDir(field === "updatedAt" ? "desc" : "asc");
          }
          setPage(1);
        }}
      >
        {label} {sortBy === field ? (sortDir === "asc" ? "▲" : "▼") : <span className="faint">↕</span>}
      </button>
    </th>
  );

  const data = list.data;
  const filtered = Boolean(debounced || category || status !== "all");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>FAQs</h1>
          <p>The bot answers customers only from the active FAQs below.</p>
        </div>
        <div className="actions">
          <button onClick={() => setImporting(true)}>Import…</button>
          <button onClick={() => void exportAs("csv")} disabled={exporting}>
            Export CSV
          </button>
          <button onClick={() => void exportAs("json")} disabled={exporting}>
            Export JSON
          </button>
          <button className="primary" onClick={() => setEditing("new")}>
            + New FAQ
          </button>
        </div>
      </div>
      <div className="panel">
        <div className="tabs" role="tablist" aria-label="Status">
          {(["all", "active", "inactive"] as const).map((s) => (
            <button
              key={s}
              role="tab"
              aria-selected={status === s}
              className={status === s ? "on" : ""}
              onClick={() => {
                setStatus(s);
                setPage(1);
              }}
            >
              {s === "all" ? "All" : s === "active" ? "Active" : "Inactive"}
              <span className="count">{data ? data.counts[s] : "–"}</span>
            </button>
          ))}
        </div>
        <div className="toolbar">
          <input
            type="search"
            placeholder="Search questions and answers…"
            aria-label="Search FAQs"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
          <select
            aria-label="Category"
            value={category}
            onChange={(e) => {
              setCategory(e.target.value);
              setPage(1);
            }}
          >
            <option value="">All categories</option>
            {categories.data?.map((c) => (
              <option key={c.category} value={c.category}>
                {c.category} ({c.count})
              </option>
            ))}
          </select>
          {filtered && (
            <button
              className="ghost small"
              onClick={() => {
                setSearch("");
                setCategory("");
                setStatus("all");
                setPage(1);
              }}
            >
              Clear filters
            </button>
          )}
          <span className="spacer" />
          <label className="row small muted">
            Rows
            <select
              style={{ width: 80, minWidth: 0 }}
              value={pageSize}
              onChange={(e) => {
                setPageSize(Number(e.target.value));
                setPage(1);
              }}
            >
              {[10, 25, 50, 100].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
        </div>
        {list.error && (
          <div className="panel-body">
            <ErrorAlert error={list.error} title="The FAQs couldn't be loaded." />
          </div>
        )}
        {!data && list.isPending && <Loading />}
        {data && data.items.length === 0 && (
          filtered ? (
            <Empty icon="🔍" title="No FAQs match">
              <p>Try other words, or clear the filters.</p>
            </Empty>
          ) : (
            <Empty icon="📚" title="No FAQs yet">
              <p>Add the questions customers ask most, or import them from a spreadsheet.</p>
              <div className="row" style={{ justifyContent: "center" }}>
                <button className="primary" onClick={() => setEditing("new")}>
                  + New FAQ
                </button>
                <button onClick={() => setImporting(true)}>Import…</button>
              </div>
            </Empty>
          )
        )}
        {data && data.items.length > 0 && (
          <>
            <div className="table-wrap">
              <table className="table" aria-label="FAQs">
                <thead>
                  <tr>
                    {sortHeader("question", "Question")}
                    {sortHeader("category", "Category")}
                    {sortHeader("isActive", "Active")}
                    {sortHeader("updatedAt", "Updated")}
                    <th>
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((f) => (
                    <tr key={f.id} className={f.isActive ? "" : "inactive"} data-testid="faq-row">
                      <td>
                        <div className="q">{f.question}</div>
                        {f.alternatePhrasings.length > 0 && (
                          <div className="faint" title={f.alternatePhrasings.join("\n")}>
                            Also asked as {f.alternatePhrasings.length} other {f.alternatePhrasings.length === 1 ? "way" : "ways"}
                          </div>
                        )}
                        <div className="a">{f.answer}</div>
                      </td>
                      <td>
                        <span className="badge category">{f.category}</span>
                      </td>
                      <td className="nowrap">
                        <Switch checked={f.isActive} label={`${f.isActive ? "Deactivate" : "Restore"} “${f.question}”`} onChange={(v) => setActive.mutate({ id: f.id, isActive: v })} />
                      </td>
                      <td className="nowrap muted" title={String(f.updatedAt)}>
                        {formatRelative(f.updatedAt)}
                      </td>
                      <td className="nowrap" style={{ textAlign: "right" }}>
                        <button className="small" onClick={() => setEditing(f)}>
                          Edit
                        </button>{" "}
                        <button className="small ghost" onClick={() => setDeleting(f)} aria-label={`Delete “${f.question}”`}>
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} noun="FAQs" />
          </>
        )}
      </div>

      {editing && (
        <FaqEditor
          faq={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(f, created) => {
            setEditing(null);
            toast(created ? `Added “${f.question}”.` : "Changes saved.");
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this FAQ?"
          confirmLabel="Delete FAQ"
          danger
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => {
            setDeleting(null);
            remove.reset();
          }}
          onConfirm={() => remove.mutate({ id: deleting.id })}
        >
          <p>
            <strong>“{deleting.question}”</strong> will be removed for good.
          </p>
          <p className="muted">
            To stop the bot using it but keep it for later, deactivate it instead.
            {deleting.isActive && (
              <>
                {" "}
                <button
                  className="link"
                  onClick={() => {
                    setActive.mutate({ id: deleting.id, isActive: false });
                    setDeleting(null);
                  }}
                >
                  Deactivate instead
                </button>
              </>
            )}
          </p>
        </ConfirmDialog>
      )}
      {importing && (
        <ImportDialog
          onClose={() => setImporting(false)}
          onImported={(r) => {
            setImporting(false);
            toast(`Imported: ${r.added} added, ${r.updated} updated${r.invalid.length ? `, ${r.invalid.length} skipped` : ""}.`);
          }}
        />
      )}
    </>
  );
}
