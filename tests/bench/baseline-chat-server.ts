// The chat benchmark's baseline: the same turn written by hand with node:http and pg, sending the
// same SQL as chat.send (packages/api/src/domain/turn/turn.sql.ts), statement for statement:
//   0. the per-address request limit (rate-limiter-flexible's upsert into "RateLimit");
//   1. the session by token hash (our server: raw SQL, in customerProcedure), then the
//      per-conversation limit (the same upsert);
//   2. store the user message with its turn lease + touch the session, or find it when the
//      clientMessageId is known;
//   3. the conversation's status + settings + active-FAQ fingerprint + history, in one query;
//   (3b. the active FAQs, only when the fingerprint changed: both sides cache them per process;)
//   4. reserve the turn's worst-case tokens against the daily cap (one atomic upsert);
//   5. store the reply + end the lease + settle the day's usage, returning the source questions.
// It streams JSON lines back like ours (accepted, delta, done). No framework, no ORM, no tokenizer:
// the comparison measures framework/ORM/assistant overhead, not SQL count. If the server's SQL
// changes, change it here too.
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 20) });
const hash = (s: string) => createHash("sha256").update(s).digest("hex");

type Faq = { id: string; question: string; answer: string; category: string };
let faqCache: { version: string; faqs: Faq[] } | null = null;

const REPLY_COLUMNS = `r.id, r.content, r.mode::text AS mode, r."handoffSuggested", r."createdAt", r.sources,
    (SELECT coalesce(json_agg(json_build_object('id', f.id, 'question', f.question)), '[]'::json)
       FROM "Faq" f WHERE f.id = ANY(r.sources::uuid[])) AS faqs`;

/** rate-limiter-flexible's RateLimiterPostgres consume, statement for statement. */
async function consumeLimit(key: string, durationMs: number) {
  const now = Date.now();
  await pool.query(
    `INSERT INTO "RateLimit" VALUES ($1, $2, $3)
       ON CONFLICT(key) DO UPDATE SET
         points = CASE WHEN ("RateLimit".expire <= $4 OR 1=0) THEN $2 ELSE "RateLimit".points + ($2) END,
         expire = CASE WHEN "RateLimit".expire <= $4 THEN $3 ELSE "RateLimit".expire END
     RETURNING points, expire;`,
    [key, 1, now + durationMs, now],
  );
}

async function turn(body: { sessionToken: string; clientMessageId: string; text: string }, write: (o: object) => void) {
  await consumeLimit("chatSendPerIp:127.0.0.1", 60_000);
  const session = (
    await pool.query(`SELECT id, status, "lastSeenAt" FROM "Session" WHERE "tokenHash" = $1`, [hash(body.sessionToken)])
  ).rows[0];
  if (!session) throw Object.assign(new Error("unknown session"), { status: 401 });
  await consumeLimit(`chatSendPerConversation:${session.id}`, 60_000);
  const now = new Date();
  const user = (
    await pool.query(
      `WITH inserted AS (
         INSERT INTO "Message" (id, "sessionId", role, content, "clientMessageId", "createdAt", "turnLeaseUntil")
         VALUES ($1, $2, 'user', $3, $4, $5, clock_timestamp() + $7::int * interval '1 millisecond')
         ON CONFLICT ("sessionId", "clientMessageId") DO NOTHING
         RETURNING id, content, "createdAt"
       ), touched AS (
         UPDATE "Session" SET "lastSeenAt" = $6 WHERE id = $2 AND EXISTS (SELECT 1 FROM inserted)
       )
       SELECT id, content, "createdAt", false AS replayed FROM inserted
       UNION ALL
       SELECT id, content, "createdAt", true AS replayed FROM "Message"
       WHERE "sessionId" = $2 AND "clientMessageId" = $4 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [randomUUID(), session.id, body.text, body.clientMessageId, now, now, 5_000],
    )
  ).rows[0];
  if (user.replayed) {
    const reply = (await pool.query(`SELECT ${REPLY_COLUMNS} FROM "Message" r WHERE r."replyToId" = $1`, [user.id]))
      .rows[0];
    write({ type: "done", message: reply });
    return;
  }
  write({ type: "accepted", userMessageId: user.id, replayed: false });
  const day = now.toISOString().slice(0, 10);
  const context = (
    await pool.query(
      `SELECT (SELECT c.status::text FROM "Session" c WHERE c.id = $1) AS "sessionStatus",
         (SELECT c."joinedByName" FROM "Session" c WHERE c.id = $1) AS "joinedByName",
         s."businessName", s.persona, s."historyLength", s."faqTokenBudget", s."faqHardCap", s."dailyTokenCap",
         (SELECT md5(coalesce(string_agg(f.id::text || ':' || f.xmin::text, ',' ORDER BY f.id), ''))
            FROM "Faq" f WHERE f."isActive") AS "faqVersion",
         (SELECT coalesce(json_agg(json_build_object('role', h.role, 'content', h.content, 'authorName', h."authorName")
                                   ORDER BY h."createdAt", h.id), '[]'::json)
            FROM (SELECT m.id, m."createdAt", m.role::text AS role, m.content, m."authorName" FROM "Message" m
                  WHERE m."sessionId" = $1 AND m.id <> $2 AND m."createdAt" <= $3
                  ORDER BY m."createdAt" DESC, m.id DESC
                  LIMIT greatest(s."historyLength", 0)) h) AS history
       FROM "Settings" s WHERE s.id = 1`,
      [session.id, user.id, user.createdAt],
    )
  ).rows[0];
  const version: string = context.faqVersion;
  const cached = faqCache;
  let faqs = cached && cached.version === version ? cached.faqs : null;
  if (!faqs) {
    faqs = (
      await pool.query<Faq>(
        `SELECT id, question, answer, category FROM "Faq" WHERE "isActive" ORDER BY "createdAt", id`,
      )
    ).rows;
    faqCache = { version, faqs };
  }
  const system = `${context.persona}\n[BUSINESS FAQS]\n${faqs.map((f) => `[FAQ ${f.id}]\nQ: ${f.question}\nA: ${f.answer}`).join("\n\n")}\n[/BUSINESS FAQS]`;
  void [system, ...context.history];
  const estimate = 3_800;
  await pool.query(
    `INSERT INTO "DailyUsage" AS u (day, "reservedTokens") SELECT $1::date, $2::int WHERE $2::bigint <= $3::bigint
     ON CONFLICT (day) DO UPDATE SET "reservedTokens" = u."reservedTokens" + EXCLUDED."reservedTokens"
       WHERE u."promptTokens"::bigint + u."completionTokens" + u."reservedTokens" + EXCLUDED."reservedTokens" <= $3::bigint
     RETURNING day`,
    [day, estimate, context.dailyTokenCap],
  );
  const content = "Here is what our FAQ says about that.";
  write({ type: "delta", text: content });
  const source = faqs[0]?.id;
  const reply = (
    await pool.query(
      `WITH r AS (
         INSERT INTO "Message" (id, "sessionId", role, content, "replyToId", sources, mode, model, "promptTokens",
           "completionTokens", "cachedTokens", "latencyMs", "fallbackReason", "handoffSuggested", "createdAt")
         VALUES ($1, $2, 'assistant', $3, $4, $5::text[], $6::"AnswerMode", $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT ("replyToId") DO NOTHING
         RETURNING *
       ), released AS (
         UPDATE "Message" SET "turnLeaseUntil" = NULL WHERE id = $4
       ), counted AS (
         INSERT INTO "DailyUsage" (day, "promptTokens", "completionTokens", turns)
         SELECT $15::date, $16::int, $17::int, x.n FROM (SELECT count(*)::int AS n FROM r) x
         WHERE $16::int + $17::int + $18::int + x.n > 0
         ON CONFLICT (day) DO UPDATE SET
           "promptTokens" = "DailyUsage"."promptTokens" + EXCLUDED."promptTokens",
           "completionTokens" = "DailyUsage"."completionTokens" + EXCLUDED."completionTokens",
           turns = "DailyUsage".turns + EXCLUDED.turns,
           "reservedTokens" = greatest(0, "DailyUsage"."reservedTokens" - $18::int)
       )
       SELECT ${REPLY_COLUMNS} FROM r`,
      [
        randomUUID(),
        session.id,
        content,
        user.id,
        source ? [source] : [],
        "llm",
        "instant",
        900,
        12,
        0,
        0,
        null,
        false,
        new Date(),
        day,
        900,
        12,
        estimate,
      ],
    )
  ).rows[0];
  const questions = new Map<string, string>(
    reply.faqs.map((f: { id: string; question: string }) => [f.id, f.question]),
  );
  const sources = (reply.sources as string[])
    .filter((id) => questions.has(id))
    .map((id) => ({ faqId: id, question: questions.get(id) }));
  write({
    type: "done",
    message: {
      id: reply.id,
      content,
      sources,
      mode: "llm",
      handoffSuggested: false,
      createdAt: reply.createdAt.toISOString(),
    },
  });
}

const server = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/start") {
    const token = randomUUID() + randomUUID();
    pool
      .query(`INSERT INTO "Session" (id, "tokenHash") VALUES ($1, $2)`, [randomUUID(), hash(token)])
      .then(() =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sessionToken: token })),
      )
      .catch(() => res.writeHead(500).end());
    return;
  }
  if (req.method !== "POST" || req.url !== "/send") return void res.writeHead(404).end();
  let raw = "";
  req.on("data", (d) => (raw += d));
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/jsonl" });
    turn(JSON.parse(raw), (o) => res.write(JSON.stringify(o) + "\n"))
      .then(() => res.end())
      .catch(() => res.end(JSON.stringify({ type: "error" }) + "\n"));
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
