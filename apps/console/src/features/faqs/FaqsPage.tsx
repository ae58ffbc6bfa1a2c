// The FAQs page: search, filter by category and status, sort, paginate (all in the URL), toggle
// active inline; add, edit, delete; import and export. The table, the editor and the import
// dialog are their own files in this folder.
import { useState } from "react";
import { useDownload } from "../../components/download.ts";
import { FileTextIcon, SearchIcon } from "../../components/icons.tsx";
import { ConfirmDialog, Empty, useDebounced, useToast } from "../../components/ui.tsx";
import { trpc } from "../../trpc.ts";
import { FaqEditor, type Faq } from "./FaqEditor.tsx";
import { FaqListControls } from "./FaqListControls.tsx";
import { FaqTable } from "./FaqTable.tsx";
import { ImportDialog } from "./ImportDialog.tsx";
import { useFaqFilters } from "./useFaqFilters.ts";

export function FaqsPage() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const filters = useFaqFilters();
  const { status, sortBy, sortDir, page, pageSize } = filters;
  const [editing, setEditing] = useState<Faq | "new" | null>(null);
  const [deleting, setDeleting] = useState<Faq | null>(null);
  const [importing, setImporting] = useState(false);
  const debounced = useDebounced(filters.search.trim());

  const input = {
    search: debounced || undefined,
    category: filters.category || undefined,
    status,
    sortBy,
    sortDir,
    page,
    pageSize,
  };
  const list = trpc.faq.list.useQuery(input, { placeholderData: (prev) => prev });

  const setActive = trpc.faq.setActive.useMutation({
    onMutate: async ({ id, isActive }) => {
      // Flip the switch at once; the server's answer (or an error) settles it.
      await utils.faq.list.cancel(input);
      const before = utils.faq.list.getData(input);
      utils.faq.list.setData(
        input,
        (d) => d && { ...d, items: d.items.map((f) => (f.id === id ? { ...f, isActive } : f)) },
      );
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
  const exporter = useDownload({ onError: (err) => toast((err as Error).message, { kind: "error" }) });
  const exportAs = async (format: "csv" | "json") => {
    const file = await exporter.run(() => utils.faq.export.fetch({ format }));
    if (file) toast(`Exported ${file.count} FAQs to ${file.filename}.`);
  };
  const exporting = exporter.busy;

  const data = list.data;
  const filtered = filters.filtered;
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
        <FaqListControls filters={filters} counts={data?.counts} />
        <FaqTable
          items={data?.items}
          error={list.error}
          empty={
            filtered ? (
              <Empty icon={<SearchIcon size={28} />} title="No FAQs match">
                <p>Try other words, or clear the filters.</p>
              </Empty>
            ) : (
              <Empty icon={<FileTextIcon size={28} />} title="No FAQs yet">
                <p>Add the questions customers ask most, or import them from a spreadsheet.</p>
                <div className="row" style={{ justifyContent: "center" }}>
                  <button className="primary" onClick={() => setEditing("new")}>
                    + New FAQ
                  </button>
                  <button onClick={() => setImporting(true)}>Import…</button>
                </div>
              </Empty>
            )
          }
          pages={
            data && {
              ...data,
              noun: "FAQs",
              onPage: (p) => filters.set({ page: p }),
            }
          }
          sortBy={sortBy}
          sortDir={sortDir}
          onSort={(sort, dir) => filters.set({ sort, dir })}
          onToggleActive={(f, isActive) => setActive.mutate({ id: f.id, isActive })}
          onEdit={setEditing}
          onDelete={setDeleting}
        />
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
            toast(
              `Imported: ${r.added} added, ${r.updated} updated${r.invalid.length ? `, ${r.invalid.length} skipped` : ""}.`,
            );
          }}
        />
      )}
    </>
  );
}
