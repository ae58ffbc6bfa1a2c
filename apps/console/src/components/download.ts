// Saving what the server exported (CSV, JSON) as a file the browser downloads.
import { useState } from "react";

export function downloadFile(filename: string, mimeType: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked a moment later: some browsers read the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCsv(filename: string, csv: string) {
  downloadFile(filename, "text/csv", csv);
}

export type ExportedFile = { filename: string; mimeType?: string; content: string };

/**
 * An export button's state: `run` fetches the file and downloads it, `busy` while it runs, `error`
 * when it failed (also passed to onError, e.g. for a toast). Resolves with the file, or null.
 */
export function useDownload(opts: { onError?: (err: unknown) => void } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async <F extends ExportedFile>(fetchFile: () => Promise<F>): Promise<F | null> => {
    setBusy(true);
    setError(null);
    try {
      const file = await fetchFile();
      downloadFile(file.filename, file.mimeType ?? "text/csv", file.content);
      return file;
    } catch (err) {
      setError(err);
      opts.onError?.(err);
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}
