// "Prices and time zone" (admins): the price per million tokens of each model and the business time
// zone that Insights' days follow.
import { useState } from "react";
import { ErrorAlert, Modal, useToast } from "../../components/ui.tsx";
import { DialogButtons } from "../../components/Modal.tsx";
import { trpc, type RouterOutputs } from "../../trpc.ts";

type Price = RouterOutputs["insights"]["config"]["prices"][number];

export function PricesDialog({ timeZone, onClose }: { timeZone: string; onClose: () => void }) {
  const config = trpc.insights.config.useQuery();
  const utils = trpc.useUtils();
  const toast = useToast();
  const [zone, setZone] = useState(timeZone);
  const [prices, setPrices] = useState<Price[] | null>(null);
  const list = prices ?? config.data?.prices ?? [];
  const save = trpc.insights.updateConfig.useMutation({
    onSuccess: async () => {
      toast("Saved. Insights use the new prices and time zone.");
      await utils.insights.invalidate();
      onClose();
    },
  });
  const edit = (i: number, patch: Partial<Price>) => setPrices(list.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const num = (v: string) => (v === "" ? 0 : Number(v));
  return (
    <Modal
      title="Prices and time zone"
      onClose={onClose}
      wide
      footer={
        <DialogButtons
          onCancel={onClose}
          onConfirm={() => save.mutate({ timeZone: zone.trim(), prices: list })}
          label="Save"
          busyLabel="Saving…"
          busy={save.isPending}
        />
      }
    >
      <ErrorAlert error={save.error} />
      <div className="form">
        <label>
          Business time zone (days in Insights are this zone's days)
          <input value={zone} onChange={(e) => setZone(e.target.value)} placeholder="Europe/Berlin" />
        </label>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Model</th>
            <th>Prompt $ / 1M</th>
            <th>Cached $ / 1M</th>
            <th>Completion $ / 1M</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((p, i) => (
            <tr key={i}>
              <td>
                <input aria-label="Model" value={p.model} onChange={(e) => edit(i, { model: e.target.value })} />
              </td>
              <td>
                <input
                  aria-label={`${p.model} prompt price`}
                  type="number"
                  min="0"
                  step="any"
                  value={p.promptPerMillion}
                  onChange={(e) => edit(i, { promptPerMillion: num(e.target.value) })}
                />
              </td>
              <td>
                <input
                  aria-label={`${p.model} cached price`}
                  type="number"
                  min="0"
                  step="any"
                  value={p.cachedPerMillion}
                  onChange={(e) => edit(i, { cachedPerMillion: num(e.target.value) })}
                />
              </td>
              <td>
                <input
                  aria-label={`${p.model} completion price`}
                  type="number"
                  min="0"
                  step="any"
                  value={p.completionPerMillion}
                  onChange={(e) => edit(i, { completionPerMillion: num(e.target.value) })}
                />
              </td>
              <td>
                <button
                  className="ghost small"
                  onClick={() => setPrices(list.filter((_, j) => j !== i))}
                  aria-label={`Remove ${p.model}`}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        className="small"
        onClick={() =>
          setPrices([...list, { model: "", promptPerMillion: 0, cachedPerMillion: 0, completionPerMillion: 0 }])
        }
      >
        Add a model
      </button>
    </Modal>
  );
}
