// npm run bench -- <name> [args]: runs one benchmark (or all, with no name) and prints its figures
// next to their baseline. Each benchmark is a module here exporting `run(args)`.
type Bench = { run(args: string[]): Promise<void> };
// Imported by path at run time so a missing or broken benchmark doesn't stop the others.
const load = (file: string) => () => import(new URL(file, import.meta.url).href) as Promise<Bench>;
const BENCHES: Record<string, () => Promise<Bench>> = {
  chat: load("./chat.ts"),
  widget: load("./widget.ts"),
  handoff: load("./handoff.ts"),
  ranking: load("./ranking.ts"),
  load: load("./load.ts"),
  insights: load("./insights.ts"),
  retention: load("./retention.ts"),
};

const [name, ...args] = process.argv.slice(2);
const names = name ? [name] : Object.keys(BENCHES);
for (const n of names) {
  const load = BENCHES[n];
  if (!load) {
    console.error(`Unknown benchmark '${n}'. Available: ${Object.keys(BENCHES).join(", ")}`);
    process.exit(2);
  }
  let mod;
  try {
    mod = await load();
  } catch (err) {
    console.error(`Benchmark '${n}' is not available: ${(err as Error).message}`);
    if (name) process.exit(2);
    continue;
  }
  console.log(`\n=== bench: ${n} ===`);
  await mod.run(args);
}
process.exit(0);
