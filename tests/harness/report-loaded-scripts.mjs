// Preload for server processes in tests (`node --import <this> main.mjs`): records every script the
// main thread's V8 isolate parses (the inspector's Debugger.scriptParsed events; worker threads are
// other isolates and not reported) and prints them as one `LOADED_SCRIPTS [...]` line on SIGUSR2.
import { Session } from "node:inspector";

const urls = new Set();
const session = new Session();
session.connect();
session.on("Debugger.scriptParsed", ({ params }) => {
  if (params.url) urls.add(params.url);
});
session.post("Debugger.enable");
process.on("SIGUSR2", () => {
  process.stdout.write(`LOADED_SCRIPTS ${JSON.stringify([...urls])}\n`);
});
