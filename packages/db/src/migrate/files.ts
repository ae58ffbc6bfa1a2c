// Reads prisma/schema.prisma and prisma/migrations from disk in the shape the schema engine takes.
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { MigrationList } from "@prisma/schema-engine-wasm";

/** The repository's prisma/ folder: the nearest one above this module (source or bundled server). */
function findPrismaDir(): string {
  if (process.env.PRISMA_DIR) return resolve(process.env.PRISMA_DIR);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "prisma", "schema.prisma"))) return join(dir, "prisma");
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("prisma/schema.prisma not found above " + fileURLToPath(import.meta.url) + "; set PRISMA_DIR");
    dir = parent;
  }
}

export const PRISMA_DIR = findPrismaDir();

export type PrismaPaths = { schemaPath: string; migrationsDir: string };

export function defaultPrismaPaths(prismaDir = PRISMA_DIR): PrismaPaths {
  return { schemaPath: join(prismaDir, "schema.prisma"), migrationsDir: join(prismaDir, "migrations") };
}

export async function readSchema(paths: PrismaPaths): Promise<{ path: string; content: string }> {
  return { path: "schema.prisma", content: await readFile(paths.schemaPath, "utf8") };
}

export async function readMigrations(paths: PrismaPaths): Promise<MigrationList> {
  const dir = paths.migrationsDir;
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const file = join(dir, name, "migration.sql");
      const content = existsSync(file)
        ? ({ tag: "ok", value: await readFile(file, "utf8") } as const)
        : ({ tag: "error", value: `missing ${file}` } as const);
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockPath = join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}
