// Child process for the chat benchmark: our real server (buildServer) with the instant model.
// The load comes from one IP at thousands of turns a minute, so the per-IP and per-conversation
// limits are raised out of its way; the limiter still runs (and costs what it costs) on every turn.
import { createDatabase } from "@support/db";
import { pino } from "pino";
import { buildServer } from "../../apps/server/src/app.ts";
import { createInstantLlm } from "./instant-llm.ts";

import { RATE_LIMIT_RULES } from "@support/api";

const unlimited = Object.fromEntries(Object.keys(RATE_LIMIT_RULES).map((name) => [name, { points: 1_000_000_000 }]));
const db = await createDatabase({
  databaseUrl: process.env.DATABASE_URL!,
  maxConnections: Number(process.env.DB_POOL_SIZE ?? 20),
});
const app = await buildServer({
  db,
  llm: createInstantLlm(),
  logger: pino({ level: "silent" }),
  api: { rateLimits: unlimited },
});
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
process.send?.("ready");
process.on(
  "SIGTERM",
  () =>
    void app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0)),
);
