// Vitest global setup: one PostgreSQL server (or TEST_DATABASE_URL) for the run, and a template
// database with every migration applied that test files clone.
import type { TestProject } from "vitest/node";
import { applyMigrations, createDatabase } from "@support/db";
import { adminQuery, startPostgres, withDatabase, type PostgresServer } from "./postgres.ts";

export const TEMPLATE_DB = `support_template_${process.pid}`;

let server: PostgresServer | undefined;

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    server = await startPostgres();
    adminUrl = server.adminUrl;
  }
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE ${TEMPLATE_DB}`);
  const db = await createDatabase({ databaseUrl: withDatabase(adminUrl, TEMPLATE_DB) });
  try {
    await applyMigrations(db);
  } finally {
    await db.close();
  }
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplateDb", TEMPLATE_DB);
  return async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`).catch(() => undefined);
    await server?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDb: string;
  }
}
