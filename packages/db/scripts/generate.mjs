// Runs `prisma generate` offline. Prisma's CLI only checks that a schema-engine binary exists
// before generating (the client itself needs no native engine), so point it at a placeholder
// when none is installed; the real migrations go through the WebAssembly engine (src/migrate).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const placeholder = join(root, "node_modules/.cache/prisma-offline/schema-engine-placeholder");
  if (!existsSync(placeholder)) {
    mkdirSync(dirname(placeholder), { recursive: true });
    writeFileSync(placeholder, "#!/bin/sh\necho 'use npm run db:migrate (WebAssembly engine)' >&2\nexit 1\n", {
      mode: 0o755,
    });
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = placeholder;
}
const prismaBin = join(root, "node_modules/prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaBin, "generate", "--schema", join(root, "prisma/schema.prisma")], {
  stdio: "inherit",
  env,
  cwd: root,
});
process.exit(result.status ?? 1);
