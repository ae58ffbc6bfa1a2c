// Child process for benchmarks that need a plain server instance (no model): buildServer on
// DATABASE_URL. Reports its memory over IPC when asked.
import { createDatabase } from "@support/db";
import { pino } from "pino";
import { buildServer } from "../../apps/server/src/app.ts";

const db = await createDatabase({ databaseUrl: process.env.DATABASE_URL!, maxConnections: Number(process.env.DB_POOL_SIZE ?? 10) });
const app = await buildServer({ db, llm: null, logger: pino({ level: "silent" }) });
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
process.send?.({ type: "ready" });
process.on("message", (msg: { type: string }) => {
  if (msg.type === "memory") {
    globalThis.gc?.();
    process.send?.({ type: "memory", ...process.memoryUsage() });
  }
});
process.on("SIGTERM", () => void app.close().then(() => db.close()).then(() => process.exit(0)));
