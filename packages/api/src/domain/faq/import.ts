// FAQ import: parse a CSV or JSON file into rows, validate each, match existing FAQs by question
// (case-insensitive, trimmed) and report what would be added, updated or refused, before writing.
import { randomUUID } from "node:crypto";
import type { TokenCounter } from "@support/assistant";
import type { PrismaClient } from "@support/db";
import { ZFaqAlternatePhrasings, ZFaqAnswer, ZFaqCategory, ZFaqQuestion, type FaqImportReport } from "@support/schemas";
import { parseCsv, unescapeFormulaGuard } from "../../lib/csv.ts";
import { countFaqPromptTokens } from "./prompt-tokens.ts";

export type RawFaqRow = {
  row: number;
  question: unknown;
  answer: unknown;
  category: unknown;
  active: unknown;
  phrasings?: unknown;
};
type ValidRow = {
  row: number;
  question: string;
  answer: string;
  category: string | undefined;
  isActive: boolean | undefined;
  /** Undefined when the file has no phrasings column: existing phrasings are kept. */
  alternatePhrasings: string[] | undefined;
};

/** Column names accepted for alternate phrasings; in CSV one phrasing per line of the cell. */
const PHRASINGS_COLUMNS = [
  "also asked as",
  "alternate phrasings",
  "alternatephrasings",
  "alternate_phrasings",
  "phrasings",
];

export const MAX_IMPORT_ROWS = 5000;

export function questionKey(question: string): string {
  return question.trim().replace(/\s+/g, " ").toLowerCase();
}

export class ImportFileError extends Error {}

export function readImportFile(format: "csv" | "json", content: string): RawFaqRow[] {
  return format === "csv" ? readCsv(content) : readJson(content);
}

function readCsv(content: string): RawFaqRow[] {
  let table: string[][];
  try {
    table = parseCsv(content);
  } catch (err) {
    throw new ImportFileError(`The CSV file can't be read: ${(err as Error).message}`);
  }
  const [header, ...body] = table;
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => columns.findIndex((c) => names.includes(c));
  const q = col("question", "questions");
  const a = col("answer", "answers");
  if (q < 0 || a < 0) {
    throw new ImportFileError(
      'The first row must name the columns: "question" and "answer" (and optionally "category", "active" and "also asked as")',
    );
  }
  const c = col("category");
  const act = col("active", "isactive", "is_active", "status");
  const ph = col(...PHRASINGS_COLUMNS);
  return body
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter(({ cells }) => cells.some((v) => v.trim() !== "")) // blank lines are not rows
    .map(({ cells, row }) => ({
      row,
      question: unescapeFormulaGuard(cells[q] ?? ""),
      answer: unescapeFormulaGuard(cells[a] ?? ""),
      category: c >= 0 ? unescapeFormulaGuard(cells[c] ?? "") : undefined,
      active: act >= 0 ? cells[act] : undefined,
      phrasings: ph >= 0 ? unescapeFormulaGuard(cells[ph] ?? "").split(/\r?\n/) : undefined,
    }));
}

function readJson(content: string): RawFaqRow[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (err) {
    throw new ImportFileError(`The JSON file can't be read: ${(err as Error).message}`);
  }
  const list = Array.isArray(data)
    ? data
    : data && typeof data === "object" && Array.isArray((data as { faqs?: unknown }).faqs)
      ? (data as { faqs: unknown[] }).faqs
      : null;
  if (!list)
    throw new ImportFileError(
      'The JSON file must be a list of FAQs: [{"question": "...", "answer": "...", "category": "..."}]',
    );
  return list.map((item, i) => {
    const o = item && typeof item === "object" ? (item as Record<string, unknown>) : {};
    const phrasings = o.alternatePhrasings ?? o.phrasings;
    return {
      row: i + 1,
      question: o.question,
      answer: o.answer,
      category: o.category,
      active: o.isActive ?? o.active,
      phrasings: typeof phrasings === "string" ? phrasings.split(/\r?\n/) : phrasings,
    };
  });
}

function parseActive(value: unknown): boolean | undefined | "invalid" {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "boolean") return value;
  const v = String(value).trim().toLowerCase();
  if (v === "") return undefined;
  if (["true", "yes", "y", "1", "active"].includes(v)) return true;
  if (["false", "no", "n", "0", "inactive"].includes(v)) return false;
  return "invalid";
}

function validateRow(raw: RawFaqRow): ValidRow | { row: number; question: string | null; reason: string } {
  const label = typeof raw.question === "string" && raw.question.trim() ? raw.question.trim().slice(0, 120) : null;
  const question = ZFaqQuestion.safeParse(raw.question ?? "");
  if (!question.success)
    return { row: raw.row, question: label, reason: question.error.issues[0]?.message ?? "Invalid question" };
  const answer = ZFaqAnswer.safeParse(raw.answer ?? "");
  if (!answer.success)
    return { row: raw.row, question: label, reason: answer.error.issues[0]?.message ?? "Invalid answer" };
  let category: string | undefined;
  if (raw.category !== undefined && raw.category !== null && raw.category !== "") {
    const parsed = ZFaqCategory.safeParse(String(raw.category));
    if (!parsed.success)
      return { row: raw.row, question: label, reason: parsed.error.issues[0]?.message ?? "Invalid category" };
    category = parsed.data;
  }
  const isActive = parseActive(raw.active);
  if (isActive === "invalid")
    return { row: raw.row, question: label, reason: 'The "active" column must be yes/no, true/false or 1/0' };
  let alternatePhrasings: string[] | undefined;
  if (raw.phrasings !== undefined && raw.phrasings !== null) {
    const parsed = ZFaqAlternatePhrasings.safeParse(
      Array.isArray(raw.phrasings) ? raw.phrasings.map((p) => (typeof p === "string" ? p : "")) : [],
    );
    if (!parsed.success)
      return { row: raw.row, question: label, reason: parsed.error.issues[0]?.message ?? "Invalid phrasings" };
    alternatePhrasings = parsed.data;
  }
  return { row: raw.row, question: question.data, answer: answer.data, category, isActive, alternatePhrasings };
}

/**
 * Works out the whole import and, unless dryRun, writes the valid rows in one transaction, each
 * with its prompt token count (counted in one batch before the transaction).
 */
export async function importFaqs(
  prisma: PrismaClient,
  input: { format: "csv" | "json"; content: string; dryRun: boolean },
  tokens: TokenCounter,
): Promise<FaqImportReport> {
  const empty = { dryRun: input.dryRun, rows: 0, added: 0, updated: 0, unchanged: 0, invalid: [] };
  let rawRows: RawFaqRow[];
  try {
    rawRows = readImportFile(input.format, input.content);
  } catch (err) {
    if (err instanceof ImportFileError) return { ...empty, fileError: err.message };
    throw err;
  }
  if (rawRows.length === 0) return { ...empty, fileError: "The file has no FAQ rows" };
  if (rawRows.length > MAX_IMPORT_ROWS)
    return { ...empty, rows: rawRows.length, fileError: `Import at most ${MAX_IMPORT_ROWS} FAQs at a time` };

  const existing = await prisma.faq.findMany({
    select: { id: true, question: true, answer: true, category: true, isActive: true, alternatePhrasings: true },
  });
  const byKey = new Map(existing.map((f) => [questionKey(f.question), f]));
  const seen = new Map<string, number>();
  const invalid: FaqImportReport["invalid"] = [];
  const creates: ValidRow[] = [];
  const updates: Array<{ id: string; row: ValidRow }> = [];
  let unchanged = 0;

  for (const raw of rawRows) {
    const result = validateRow(raw);
    if ("reason" in result) {
      invalid.push(result);
      continue;
    }
    const key = questionKey(result.question);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      invalid.push({
        row: result.row,
        question: result.question.slice(0, 120),
        reason: `Same question as row ${earlier}`,
      });
      continue;
    }
    seen.set(key, result.row);
    const match = byKey.get(key);
    if (!match) creates.push(result);
    else if (
      match.answer !== result.answer ||
      (result.category !== undefined && match.category !== result.category) ||
      (result.isActive !== undefined && match.isActive !== result.isActive) ||
      (result.alternatePhrasings !== undefined &&
        match.alternatePhrasings.join("\n") !== result.alternatePhrasings.join("\n")) ||
      match.question !== result.question
    ) {
      updates.push({ id: match.id, row: result });
    } else unchanged++;
  }

  if (!input.dryRun && (creates.length || updates.length)) {
    // New rows get their ids here: the id is part of the prompt entry that is counted. Updates write
    // question and answer both, and so their count too.
    const created = creates.map((row) => ({ id: randomUUID(), row }));
    const written = [...created, ...updates];
    const counts = await countFaqPromptTokens(
      tokens,
      written.map(({ id, row }) => ({ id, question: row.question, answer: row.answer })),
    );
    const countOf = new Map(written.map(({ id }, i) => [id, counts[i]!]));
    await prisma.$transaction([
      ...created.map(({ id, row: r }) =>
        prisma.faq.create({
          data: {
            id,
            question: r.question,
            answer: r.answer,
            category: r.category ?? "general",
            alternatePhrasings: r.alternatePhrasings ?? [],
            isActive: r.isActive ?? true,
            promptTokens: countOf.get(id)!,
          },
        }),
      ),
      ...updates.map(({ id, row }) =>
        prisma.faq.update({
          where: { id },
          data: {
            question: row.question,
            answer: row.answer,
            ...(row.category !== undefined && { category: row.category }),
            ...(row.isActive !== undefined && { isActive: row.isActive }),
            ...(row.alternatePhrasings !== undefined && { alternatePhrasings: row.alternatePhrasings }),
            promptTokens: countOf.get(id)!,
          },
        }),
      ),
    ]);
  }
  return {
    dryRun: input.dryRun,
    rows: rawRows.length,
    added: creates.length,
    updated: updates.length,
    unchanged,
    invalid,
    fileError: null,
  };
}
