// Prisma's schema engine, compiled to WebAssembly, driven through our driver adapters: it applies
// and diffs the committed migrations without the native engine binary Prisma would download.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

// Node has WebAssembly at runtime; its types live in lib.dom, which a server package doesn't load.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

type Bindgen = {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  SchemaEngine: typeof SchemaEngine;
};

let bindgenPromise: Promise<Bindgen> | undefined;

/** Node 20 cannot import the package's `.wasm` ESM entry, so instantiate it by hand (once). */
async function loadBindgen(): Promise<Bindgen> {
  bindgenPromise ??= (async () => {
    // createRequire, not import.meta.resolve: the latter is missing under vitest's module runner.
    const bgPath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import(pathToFileURL(bgPath).href)) as Bindgen;
    const bytes = await readFile(join(dirname(bgPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bg;
  })();
  return bindgenPromise;
}

export type EngineLog = (line: string) => void;

export async function openSchemaEngine(
  schema: { path: string; content: string },
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: EngineLog = () => undefined,
): Promise<SchemaEngine> {
  const bg = await loadBindgen();
  return bg.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };
