import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";
import { isLoopbackHost, startupNotices } from "./startup-notices.ts";

const warnings = (env: Record<string, string>) =>
  startupNotices(parseEnv(env))
    .filter((n) => n.level === "warn")
    .map((n) => n.message);

describe("what the server announces at start", () => {
  it("warns about a public interface without NODE_ENV=production, and not on loopback or in production", () => {
    expect(warnings({ HOST: "0.0.0.0" }).join("\n")).toContain("without NODE_ENV=production");
    expect(warnings({})).toHaveLength(1); // HOST defaults to every interface
    expect(warnings({ HOST: "127.0.0.1" })).toEqual([]);
    expect(warnings({ HOST: "0.0.0.0", NODE_ENV: "production" })).toEqual([]);
  });

  it("announces every unsafe opt-in: trusting every proxy hop, error details, a demo admin in production", () => {
    expect(warnings({ HOST: "::1", TRUST_PROXY: "true" }).join("\n")).toContain(
      "TRUST_PROXY=true trusts every X-Forwarded-For hop",
    );
    expect(warnings({ HOST: "::1", TRUST_PROXY: "1" })).toEqual([]);
    expect(warnings({ HOST: "localhost", NODE_ENV: "development" }).join("\n")).toContain("internal error details");
    expect(warnings({ NODE_ENV: "production", SEED_DEMO_ADMIN: "true" }).join("\n")).toContain(
      "SEED_DEMO_ADMIN=true in production",
    );
  });

  it("knows loopback hosts", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "10.0.0.5", "example.com"]) expect(isLoopbackHost(h), h).toBe(false);
  });
});
