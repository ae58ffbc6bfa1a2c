// Questions the bot could not answer, grouped by wording, each with its fix: Create FAQ (a draft
// from staff's replies, edited, then published), add as another phrasing of an existing FAQ, or dismiss.
import { useState } from "react";
import { formatRelative, useToast } from "../../components/ui.tsx";
import { trpc } from "../../trpc.ts";
import { QueryTable, RowActions } from "../../components/QueryTable.tsx";
import type { Range } from "./insights-common.ts";
import { InsightsSection } from "./InsightsSection.tsx";

import { AddPhrasingDialog, CreateFaqDialog, groupRef, type Group } from "./UnansweredDialogs.tsx";

const REASONS: Array<[keyof Group["reasons"], string]> = [
  ["dont_know", "didn't know"],
  ["faq_only_miss", "no FAQ matched"],
  ["thumbs_down", "thumbs down"],
  ["handoff", "led to a hand-off"],
];

export function UnansweredSection({ range }: { range: Range }) {
  const report = trpc.insights.unanswered.useQuery(range, { placeholderData: (prev) => prev });
  const utils = trpc.useUtils();
  const toast = useToast();
  const [creating, setCreating] = useState<Group | null>(null);
  const [phrasing, setPhrasing] = useState<Group | null>(null);
  const dismiss = trpc.insights.dismiss.useMutation({
    onSuccess: async () => {
      toast("Dismissed. This question and close rewordings of it won't be listed again.");
      await utils.insights.unanswered.invalidate();
    },
    onError: (err) => toast(err.message, { kind: "error" }),
  });
  return (
    <>
      <InsightsSection
        id="unanswered"
        title="Questions the bot could not answer"
        range={range}
        table="unanswered"
        report={report}
        intro={
          <p className="muted small">
            Customer messages whose reply said the bot couldn't help, got a thumbs-down, or were the last question
            before a hand-off; rewordings of one question are one row
            {report.data?.groupedBy === "meaning"
              ? " (grouped by meaning with the embeddings model, and by shared words)"
              : " (grouped by shared words)"}
            .
          </p>
        }
      >
        {(data) => (
          <QueryTable
            items={data.groups}
            testId="unanswered-table"
            columns={["Question", "Asked", "Why", "Last asked"]}
            actions
            empty={<p className="muted">Nothing unanswered in this period.</p>}
          >
            {(g) => (
              <tr key={g.key} data-testid="unanswered-group">
                <td>
                  <strong>{g.examples[0]}</strong>
                  {g.examples.length > 1 && (
                    <div className="faint small">
                      Also:{" "}
                      {g.examples
                        .slice(1)
                        .map((e) => `“${e}”`)
                        .join(", ")}
                    </div>
                  )}
                </td>
                <td>{g.count}×</td>
                <td className="small">
                  {REASONS.filter(([k]) => g.reasons[k] > 0)
                    .map(([k, label]) => `${label} (${g.reasons[k]})`)
                    .join(", ")}
                </td>
                <td className="nowrap muted">{formatRelative(g.lastAskedAt)}</td>
                <RowActions>
                  <button className="small primary" onClick={() => setCreating(g)}>
                    Create FAQ
                  </button>{" "}
                  <button className="small" onClick={() => setPhrasing(g)}>
                    Add as phrasing…
                  </button>{" "}
                  <button
                    className="small ghost"
                    disabled={dismiss.isPending}
                    onClick={() => dismiss.mutate({ group: groupRef(g) })}
                  >
                    Dismiss
                  </button>
                </RowActions>
              </tr>
            )}
          </QueryTable>
        )}
      </InsightsSection>
      {creating && <CreateFaqDialog group={creating} onClose={() => setCreating(null)} />}
      {phrasing && <AddPhrasingDialog group={phrasing} onClose={() => setPhrasing(null)} />}
    </>
  );
}
