// Every Insights table as CSV, built from the same reports the procedures return, so a download
// always matches the page.
import type { z } from "zod";
import type { INSIGHTS_TABLES, ZInsightsRange } from "@support/schemas";
import type { RawSql } from "@support/db";
import { costAndResolvedReport } from "./cost.ts";
import { faqPerformance } from "./faq-performance.ts";
import { businessTimeZone } from "./range.ts";
import { resolutionReport } from "./resolution.ts";
import { unansweredGroups } from "./unanswered.ts";
import { toCsv } from "../../lib/csv.ts";

type Table = (typeof INSIGHTS_TABLES)[number];
type Range = z.output<typeof ZInsightsRange>;

type Options = { embeddings?: NonNullable<Parameters<typeof unansweredGroups>[3]>["embeddings"] };

export async function insightsCsv(sql: RawSql, table: Table, range: Range, opts: Options = {}) {
  const timeZone = await businessTimeZone(sql);
  const rows = await tableRows(sql, table, range, timeZone, opts);
  return {
    filename: `insights-${table}-${range.from}-to-${range.to}.csv`,
    mimeType: "text/csv" as const,
    content: toCsv(rows.map((r) => r.map(String))),
    rows: rows.length - 1,
  };
}

async function tableRows(
  sql: RawSql,
  table: Table,
  range: Range,
  timeZone: string,
  opts: Options,
): Promise<Array<Array<string | number>>> {
  switch (table) {
    case "resolution": {
      const r = await resolutionReport(sql, range, timeZone);
      return [
        [
          range.grouping === "week" ? "week starting" : "day",
          "conversations",
          "resolved by bot",
          "handed to a person",
          "median first human reply (s)",
          "thumbs up",
          "thumbs down",
        ],
        ...r.buckets.map((b) => [
          b.bucket,
          b.conversations,
          b.botResolved,
          b.handedOff,
          b.medianFirstHumanReplyMs === null ? "" : b.medianFirstHumanReplyMs / 1000,
          b.thumbsUp,
          b.thumbsDown,
        ]),
      ];
    }
    case "ratings": {
      const r = await resolutionReport(sql, range, timeZone);
      return [
        [
          range.grouping === "week" ? "week starting" : "day",
          "ratings",
          "average stars",
          "1 star",
          "2 stars",
          "3 stars",
          "4 stars",
          "5 stars",
        ],
        ...r.ratings.buckets.map((b) => [b.bucket, b.count, b.average ?? "", ...b.distribution]),
      ];
    }
    case "unanswered": {
      const { groups } = await unansweredGroups(sql, range, timeZone, { limit: 500, embeddings: opts.embeddings });
      return [
        [
          "question",
          "times asked",
          "don't know",
          "FAQ-only miss",
          "thumbs down",
          "led to hand-off",
          "last asked",
          "other wordings",
        ],
        ...groups.map((g) => [
          g.examples[0] ?? g.key,
          g.count,
          g.reasons.dont_know,
          g.reasons.faq_only_miss,
          g.reasons.thumbs_down,
          g.reasons.handoff,
          g.lastAskedAt.toISOString(),
          g.examples.slice(1).join("\n"),
        ]),
      ];
    }
    case "faqPerformance": {
      const rows = await faqPerformance(sql, range, timeZone);
      return [
        [
          "faq id",
          "question",
          "status",
          "cited by the model",
          "FAQ-only answers",
          "thumbs up",
          "thumbs down",
          "hand-offs after",
        ],
        ...rows.map((r) => [
          r.faqId,
          r.question ?? "(deleted FAQ)",
          r.deleted ? "deleted" : r.isActive ? "active" : "inactive",
          r.cited,
          r.faqOnly,
          r.thumbsUp,
          r.thumbsDown,
          r.handoffsAfter,
        ]),
      ];
    }
    case "cost": {
      const c = await costAndResolvedReport(sql, range, timeZone);
      const capDays = new Set(c.capHitDays);
      return [
        [
          range.grouping === "week" ? "week starting" : "day",
          "replies",
          "prompt tokens",
          "of which cached",
          "completion tokens",
          "estimated cost (USD)",
          "token cap hit",
        ],
        ...c.buckets.map((b) => [
          b.bucket,
          b.replies,
          b.promptTokens,
          b.cachedTokens,
          b.completionTokens,
          b.costUsd,
          range.grouping === "day"
            ? capDays.has(b.bucket)
              ? "yes"
              : ""
            : c.capHitDays.filter((d) => d >= b.bucket && d < addDays(b.bucket, 7)).length,
        ]),
      ];
    }
  }
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
