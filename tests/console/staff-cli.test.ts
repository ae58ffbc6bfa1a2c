// `npm run staff:create` and the demo admin created at first start.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoAdmin, verifyPassword } from "@support/api";
import { createTestDatabase, type TestDatabase } from "../harness/db.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe("staff accounts outside the console", () => {
  it("ensureDemoAdmin creates one admin with a random password, only when there are no staff", async () => {
    const creds = await ensureDemoAdmin(db.prisma);
    expect(creds?.email).toBe("admin@example.com");
    expect(creds?.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const user = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    expect(user.role).toBe("admin");
    expect(await verifyPassword(user.passwordHash, creds!.password)).toBe(true);
    expect(await ensureDemoAdmin(db.prisma)).toBeNull();
  });

  it("staff:create reads STAFF_PASSWORD, and refuses weak passwords and duplicates", async () => {
    const env = { ...process.env, DATABASE_URL: db.url, STAFF_PASSWORD: "saffron-glacier-piano-63" };
    const cli = ["--import", "tsx", "packages/api/src/cli/staff-create.ts"];
    const ok = await run(
      "node",
      [...cli, "--email", "Owner@Shop.example", "--role", "admin", "--name", "Olive Owner"],
      { cwd: root, env },
    );
    expect(ok.stdout).toContain("Created admin Olive Owner <owner@shop.example>");
    const again = await run("node", [...cli, "--email", "owner@shop.example", "--role", "admin"], {
      cwd: root,
      env,
    }).catch((e: { stderr: string; code: number }) => e);
    expect("code" in again && again.code).toBe(1);
    expect((again as { stderr: string }).stderr).toContain("already exists");
    const weak = await run("node", [...cli, "--email", "weak@shop.example", "--role", "agent"], {
      cwd: root,
      env: { ...env, STAFF_PASSWORD: "password1234" },
    }).catch((e: { stderr: string }) => e);
    expect((weak as { stderr: string }).stderr).toMatch(/too common/);
    const badRole = await run("node", [...cli, "--email", "x@shop.example", "--role", "boss"], {
      cwd: root,
      env,
    }).catch((e: { stderr: string }) => e);
    expect((badRole as { stderr: string }).stderr).toMatch(/--role must be admin or agent/);
  }, 120_000);
});
