// The chat benchmark's baseline: the same turn written by hand with node:http and pg, doing the
// same reads and writes as chat.send (session by token hash, idempotency check, user message +
// session touch in one transaction, settings, daily usage, history, active FAQs, reply + usage in one
// transaction, source questions), streaming JSON lines back. No framework, no ORM, no tokenizer.
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const hash = (s: string) => createHash("sha256").update(s).digest("hex");

async function turn(body: { sessionToken: string; clientMessageId: string; text: string }, write: (o: object) => void) {
  const session = (await pool.query(`SELECT id, status, "lastSeenAt" FROM "Session" WHERE "tokenHash" = $1`, [hash(body.sessionToken)])).rows[0];
  if (!session) throw Object.assign(new Error("unknown session"), { status: 401 });
  const existing = (await pool.query(`SELECT id FROM "Message" WHERE "sessionId" = $1 AND "clientMessageId" = $2`, [session.id, body.clientMessageId])).rows[0];
  if (existing) {
    const reply = (await pool.query(`SELECT * FROM "Message" WHERE "replyToId" = $1`, [existing.id])).rows[0];
    write({ type: "done", message: reply });
    return;
  }
  const client = await pool.connect();
  let userId: string;
  let userCreatedAt: Date;
  try {
    await client.query("BEGIN");
    const u = await client.query(
      `INSERT INTO "Message" (id, "sessionId", role, content, "clientMessageId") VALUES ($1, $2, 'user', $3, $4) RETURNING id, "createdAt"`,
      [randomUUID(), session.id, body.text, body.clientMessageId],
    );
    userId = u.rows[0].id;
    userCreatedAt = u.rows[0].createdAt;
    await client.query(`UPDATE "Session" SET "lastSeenAt" = now() WHERE id = $1`, [session.id]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  } finally {
    client.release();
  }
  write({ type: "accepted", userMessageId: userId, replayed: false });
  const settings = (await pool.query(`SELECT * FROM "Settings" WHERE id = 1`)).rows[0];
  await pool.query(`SELECT * FROM "DailyUsage" WHERE day = CURRENT_DATE`);
  const history = (
    await pool.query(
      `SELECT role, content, "authorName" FROM "Message" WHERE "sessionId" = $1 AND id <> $2 AND "createdAt" <= $3 ORDER BY "createdAt" DESC, id DESC LIMIT $4`,
      [session.id, userId, userCreatedAt, settings.historyLength],
    )
  ).rows.reverse();
  const faqs = (await pool.query(`SELECT id, question, answer, category FROM "Faq" WHERE "isActive" ORDER BY "createdAt", id`)).rows;
  const system = `${settings.persona}\n[BUSINESS FAQS]\n${faqs.map((f) => `[FAQ ${f.id}]\nQ: ${f.question}\nA: ${f.answer}`).join("\n\n")}\n[/BUSINESS FAQS]`;
  void [system, ...history];
  const content = "Here is what our FAQ says about that.";
  write({ type: "delta", text: content });
  const source = faqs[0]?.id;
  const c2 = await pool.connect();
  let reply;
  try {
    await c2.query("BEGIN");
    reply = (
      await c2.query(
        `INSERT INTO "Message" (id, "sessionId", role, content, "replyToId", sources, mode, model, "promptTokens", "completionTokens", "cachedTokens", "latencyMs")
         VALUES ($1, $2, 'assistant', $3, $4, $5, 'llm', 'instant', 900, 12, 0, 0) RETURNING *`,
        [randomUUID(), session.id, content, userId, source ? [source] : []],
      )
    ).rows[0];
    await c2.query(
      `INSERT INTO "DailyUsage" (day, "promptTokens", "completionTokens", turns) VALUES (CURRENT_DATE, 900, 12, 1)
       ON CONFLICT (day) DO UPDATE SET "promptTokens" = "DailyUsage"."promptTokens" + 900, "completionTokens" = "DailyUsage"."completionTokens" + 12, turns = "DailyUsage".turns + 1`,
    );
    await c2.query("COMMIT");
  } catch (err) {
    await c2.query("ROLLBACK");
    throw err;
  } finally {
    c2.release();
  }
  const questions = (await pool.query(`SELECT id, question FROM "Faq" WHERE id = ANY($1::uuid[])`, [reply.sources])).rows;
  write({ type: "done", message: { id: reply.id, content, sources: questions, mode: "llm", handoffSuggested: false } });
}

const server = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/start") {
    const token = randomUUID() + randomUUID();
    pool
      .query(`INSERT INTO "Session" (id, "tokenHash") VALUES ($1, $2)`, [randomUUID(), hash(token)])
      .then(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sessionToken: token })))
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
