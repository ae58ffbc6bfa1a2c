// npm run docs:api: writes packages/client/API.md from the router.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { generateApiReference } from "./generate.ts";

export const API_REFERENCE_PATH = resolve(import.meta.dirname, "../../../client/API.md");
writeFileSync(API_REFERENCE_PATH, generateApiReference());
console.log(`Wrote ${API_REFERENCE_PATH}`);
