// Child process for the chat benchmark: our real server (buildServer) with the instant model.
import { createDatabase } from "@support/db";
import { pino } from "pino";
import { buildServer } from "../../apps/server/src/app.ts";
import { createInstantLlm } from "./instant-llm.ts";

const db = await createDatabase({ databaseUrl: process.env.DATABASE_URL!, maxConnections: Number(process.env.DB_POOL_SIZE ?? 20) });
const app = await buildServer({ db, llm: createInstantLlm(), logger: pino({ level: "silent" }) });
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
process.send?.("ready");
process.on("SIGTERM", () => void app.close().then(() => db.close()).then(() => process.exit(0)));
