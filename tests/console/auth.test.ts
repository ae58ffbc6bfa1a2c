// Staff sign-in, sessions, throttling and staff administration, through the real router on a fresh database.
import { describe, expect, it } from "vitest";
import {
  callerFor,
  codeOf,
  JSON_HEADERS,
  makeClock,
  PASSWORDS,
  signIn,
  type CookieJar,
  signedInCaller,
  useStaffDatabase,
} from "./helpers.ts";

const world = useStaffDatabase();

describe("auth.signIn", () => {
  it("creates a server-side session behind an opaque HttpOnly, SameSite=Lax cookie", async () => {
    const jar: CookieJar = { value: null, options: null, cleared: false };
    const out = await callerFor(world.db, { jar, ip: "198.51.100.1" }).auth.signIn({
      email: " ADA@example.com ",
      password: PASSWORDS.admin,
    });
    expect(out.staff).toMatchObject({ email: "ada@example.com", role: "admin" });
    expect(JSON.stringify(out)).not.toMatch(/argon2|passwordHash/);
    expect(jar.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(jar.options).toMatchObject({ name: "sb_staff", httpOnly: true, sameSite: "lax", secure: false, path: "/" });
    const stored = await world.db.prisma.staffSession.findMany({ where: { staffUserId: world.staff.admin.id } });
    expect(stored.some((s) => s.tokenHash === jar.value)).toBe(false); // only the hash is stored
    const me = await callerFor(world.db, { cookie: jar.value }).auth.me();
    expect(me.staff.id).toBe(world.staff.admin.id);
    expect(Object.keys(me.staff)).not.toContain("passwordHash");
  });

  it("uses the __Host- prefix and Secure in production", async () => {
    const jar: CookieJar = { value: null, options: null, cleared: false };
    await callerFor(world.db, { jar, production: true, ip: "198.51.100.2" }).auth.signIn({
      email: "bob@example.com",
      password: PASSWORDS.agent,
    });
    expect(jar.options).toMatchObject({ name: "__Host-sb_staff", secure: true, httpOnly: true, path: "/" });
    expect((await callerFor(world.db, { cookie: jar.value, production: true }).auth.me()).staff.email).toBe(
      "bob@example.com",
    );
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    await expect(
      callerFor(world.db, { ip: "198.51.100.3" }).auth.signIn({
        email: "nobody@example.com",
        password: "whatever-password",
      }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "That email and password don't match an account" });
    await expect(
      callerFor(world.db, { ip: "198.51.100.3" }).auth.signIn({
        email: "ada@example.com",
        password: "wrong-password-here",
      }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "That email and password don't match an account" });
  });

  it("refuses sign-in posted as a form or from another site", async () => {
    const plain = callerFor(world.db, { headers: { ...JSON_HEADERS, "content-type": "text/plain" } }).auth.signIn({
      email: "ada@example.com",
      password: PASSWORDS.admin,
    });
    expect(await codeOf(plain)).toBe("FORBIDDEN");
    const crossSite = callerFor(world.db, { headers: { ...JSON_HEADERS, "sec-fetch-site": "cross-site" } }).auth.signIn(
      {
        email: "ada@example.com",
        password: PASSWORDS.admin,
      },
    );
    expect(await codeOf(crossSite)).toBe("FORBIDDEN");
    const crossOrigin = callerFor(world.db, { origin: "https://evil.example" }).auth.signIn({
      email: "ada@example.com",
      password: PASSWORDS.admin,
    });
    expect(await codeOf(crossOrigin)).toBe("FORBIDDEN");
  });

  it("validates input", async () => {
    expect(await codeOf(callerFor(world.db).auth.signIn({ email: "not-an-email", password: "x" }))).toBe("BAD_REQUEST");
    expect(await codeOf(callerFor(world.db).auth.signIn({ email: "ada@example.com", password: "" }))).toBe(
      "BAD_REQUEST",
    );
  });
});

describe("sign-in throttling (counted in PostgreSQL, before the password is checked)", () => {
  // The product's own limits (callerFor relaxes them unless told otherwise).
  const real = {};
  /** As if the current pauses had run out: their stored expiry moves into the past. */
  const endPauses = () =>
    world.db.sql.query(`UPDATE "RateLimit" SET expire = 1 WHERE key LIKE 'signInFailuresPerAccountIp:%'`);

  it("5 wrong passwords pause that account from that address, each pause twice as long; the owner's other address is unaffected", async () => {
    const email = "cy@example.com";
    const ip = "192.0.2.10";
    for (let i = 0; i < 5; i++) {
      expect(
        await codeOf(callerFor(world.db, { ip, limits: real }).auth.signIn({ email, password: "wrong-password-x" })),
      ).toBe("UNAUTHORIZED");
    }
    const headers: Record<string, string> = {};
    const paused = callerFor(world.db, { ip, limits: real, headersOut: headers }).auth.signIn({
      email,
      password: PASSWORDS.agent2,
    });
    await expect(paused).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Too many failed sign-ins. Try again in 1 minute.",
    });
    expect(headers["retry-after"]).toBe("60");
    // A stranger's guesses never keep the owner out of another address.
    expect(
      await codeOf(
        callerFor(world.db, { ip: "192.0.2.11", limits: real }).auth.signIn({ email, password: PASSWORDS.agent2 }),
      ),
    ).toBe("OK");

    await endPauses();
    for (let i = 0; i < 5; i++) {
      expect(
        await codeOf(callerFor(world.db, { ip, limits: real }).auth.signIn({ email, password: "wrong-password-y" })),
      ).toBe("UNAUTHORIZED");
    }
    const again: Record<string, string> = {};
    await expect(
      callerFor(world.db, { ip, limits: real, headersOut: again }).auth.signIn({ email, password: PASSWORDS.agent2 }),
    ).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Too many failed sign-ins. Try again in 2 minutes.",
    });
    expect(again["retry-after"]).toBe("120");

    // The right password after a pause starts the pair afresh: five more tries before the next one.
    await endPauses();
    expect(
      await codeOf(callerFor(world.db, { ip, limits: real }).auth.signIn({ email, password: PASSWORDS.agent2 })),
    ).toBe("OK");
    for (let i = 0; i < 5; i++) {
      expect(
        await codeOf(callerFor(world.db, { ip, limits: real }).auth.signIn({ email, password: "wrong-password-z" })),
      ).toBe("UNAUTHORIZED");
    }
  });

  it("every password check from one address counts, right or wrong: past 30 in 15 minutes even the right one waits", async () => {
    const ip = "192.0.2.200";
    for (let i = 0; i < 30; i++) {
      expect(
        await codeOf(
          callerFor(world.db, { ip, limits: real }).auth.signIn({
            email: `guess${i}@example.com`,
            password: "wrong-password-x",
          }),
        ),
      ).toBe("UNAUTHORIZED");
    }
    const refused = callerFor(world.db, { ip, limits: real }).auth.signIn({
      email: "ada@example.com",
      password: PASSWORDS.admin,
    });
    await expect(refused).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/from your network\. Try again in \d+ minutes?\./),
    });
    expect(
      await codeOf(
        callerFor(world.db, { ip: "192.0.2.201", limits: real }).auth.signIn({
          email: "ada@example.com",
          password: PASSWORDS.admin,
        }),
      ),
    ).toBe("OK");
  });

  it("a guess spread over many addresses: new addresses wait, an address the owner signed in from still works", async () => {
    const email = "bob@example.com";
    const known = "198.51.100.50";
    expect(
      await codeOf(callerFor(world.db, { ip: known, limits: real }).auth.signIn({ email, password: PASSWORDS.agent })),
    ).toBe("OK");
    for (let i = 0; i < 50; i++) {
      const ip = `198.51.100.${100 + i}`; // one wrong password each: no pair pauses
      expect(
        await codeOf(callerFor(world.db, { ip, limits: real }).auth.signIn({ email, password: "wrong-password-x" })),
      ).toBe("UNAUTHORIZED");
    }
    const fromNew = callerFor(world.db, { ip: "198.51.100.250", limits: real }).auth.signIn({
      email,
      password: PASSWORDS.agent,
    });
    await expect(fromNew).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/signed in from before/),
    });
    expect(
      await codeOf(callerFor(world.db, { ip: known, limits: real }).auth.signIn({ email, password: PASSWORDS.agent })),
    ).toBe("OK");
  });

  it("300 parallel wrong sign-ins from one address get at most 5 password checks; the rest are told to wait", async () => {
    const ip = "192.0.2.77";
    const codes = await Promise.all(
      Array.from({ length: 300 }, () =>
        codeOf(
          callerFor(world.db, { ip, limits: real }).auth.signIn({
            email: "ada@example.com",
            password: "wrong-password-x",
          }),
        ),
      ),
    );
    const checked = codes.filter((c) => c === "UNAUTHORIZED").length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS").length).toBe(300 - checked);
  });

  it("changePassword is throttled like sign-in: a stolen session is no password oracle", async () => {
    const ip = "192.0.2.88";
    const cookie = await signIn(world.db, "cy@example.com", PASSWORDS.agent2, { ip });
    for (let i = 0; i < 5; i++) {
      const wrong = callerFor(world.db, { cookie, ip, limits: real }).auth.changePassword({
        currentPassword: `guess-${i}`,
        newPassword: "another-quiet-meadow-93",
      });
      expect(await codeOf(wrong)).toBe("BAD_REQUEST");
    }
    const right = callerFor(world.db, { cookie, ip, limits: real }).auth.changePassword({
      currentPassword: PASSWORDS.agent2,
      newPassword: "another-quiet-meadow-93",
    });
    expect(await codeOf(right)).toBe("TOO_MANY_REQUESTS");
  });
});

describe("sessions", () => {
  it("anonymous callers are asked to sign in", async () => {
    await expect(callerFor(world.db).auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await codeOf(callerFor(world.db, { cookie: "forged-cookie-value" }).auth.me())).toBe("UNAUTHORIZED");
  });

  it("sign-out ends this session on the server and clears the cookie; another agent's session is untouched", async () => {
    const bob = await signIn(world.db, "bob@example.com", PASSWORDS.agent);
    const cy = await signIn(world.db, "cy@example.com", PASSWORDS.agent2);
    const jar: CookieJar = { value: bob, options: null, cleared: false };
    await callerFor(world.db, { cookie: bob, jar }).auth.signOut();
    expect(jar.cleared).toBe(true);
    expect(await codeOf(callerFor(world.db, { cookie: bob }).auth.me())).toBe("UNAUTHORIZED");
    expect((await callerFor(world.db, { cookie: cy }).auth.me()).staff.email).toBe("cy@example.com");
  });

  it("expires after 12 idle hours and after 7 days at most", async () => {
    const clock = makeClock(new Date("2026-05-01T08:00:00Z"));
    const cookie = await signIn(world.db, "bob@example.com", PASSWORDS.agent, { clock });
    clock.advance(11 * 3_600_000);
    expect(await codeOf(callerFor(world.db, { cookie, clock }).auth.me())).toBe("OK");
    clock.advance(13 * 3_600_000);
    expect(await codeOf(callerFor(world.db, { cookie, clock }).auth.me())).toBe("UNAUTHORIZED");

    const c2 = await signIn(world.db, "bob@example.com", PASSWORDS.agent, { clock });
    for (let i = 0; i < 8; i++) {
      // 8 × 22 h: never idle 12 h, but past 7 days
      clock.advance(11 * 3_600_000);
      await codeOf(callerFor(world.db, { cookie: c2, clock }).auth.me());
      clock.advance(11 * 3_600_000);
      await codeOf(callerFor(world.db, { cookie: c2, clock }).auth.me());
    }
    expect(await codeOf(callerFor(world.db, { cookie: c2, clock }).auth.me())).toBe("UNAUTHORIZED");
  });

  it("a cookie-authenticated mutation must be JSON from the same site", async () => {
    const cookie = await signIn(world.db, "bob@example.com", PASSWORDS.agent);
    expect(
      await codeOf(
        callerFor(world.db, { cookie, headers: { ...JSON_HEADERS, "content-type": "text/plain" } }).auth.signOut(),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf(
        callerFor(world.db, { cookie, headers: { ...JSON_HEADERS, "sec-fetch-site": "cross-site" } }).faq.create({
          question: "Q?",
          answer: "A",
        }),
      ),
    ).toBe("FORBIDDEN");
  });

  it("changePassword checks the current one, refuses weak ones, and ends the account's other sessions", async () => {
    const here = await signIn(world.db, "cy@example.com", PASSWORDS.agent2);
    const elsewhere = await signIn(world.db, "cy@example.com", PASSWORDS.agent2);
    const me = callerFor(world.db, { cookie: here });
    expect(
      await codeOf(
        me.auth.changePassword({ currentPassword: "wrong-one-entirely", newPassword: "granite-meadow-echo-55" }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(me.auth.changePassword({ currentPassword: PASSWORDS.agent2, newPassword: "short" }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await codeOf(me.auth.changePassword({ currentPassword: PASSWORDS.agent2, newPassword: "password1234" })),
    ).toBe("BAD_REQUEST");
    await me.auth.changePassword({ currentPassword: PASSWORDS.agent2, newPassword: "granite-meadow-echo-55" });
    expect(await codeOf(callerFor(world.db, { cookie: here }).auth.me())).toBe("OK");
    expect(await codeOf(callerFor(world.db, { cookie: elsewhere }).auth.me())).toBe("UNAUTHORIZED");
    await me.auth.changePassword({ currentPassword: "granite-meadow-echo-55", newPassword: PASSWORDS.agent2 });
  });
});

describe("staff administration", () => {
  it("is for admins only: anonymous -> UNAUTHORIZED, agent -> FORBIDDEN", async () => {
    const agent = await signedInCaller(world.db, "agent");
    const anon = callerFor(world.db);
    const input = { email: "new@example.com", name: "New", role: "agent" as const, password: "lunar-cactus-violin-31" };
    for (const [caller, code] of [
      [anon, "UNAUTHORIZED"],
      [agent, "FORBIDDEN"],
    ] as const) {
      expect(await codeOf(caller.staff.list())).toBe(code);
      expect(await codeOf(caller.staff.create(input))).toBe(code);
      expect(await codeOf(caller.staff.update({ id: world.staff.agent2.id, role: "admin" }))).toBe(code);
      expect(await codeOf(caller.staff.setActive({ id: world.staff.agent2.id, isActive: false }))).toBe(code);
      expect(
        await codeOf(caller.staff.resetPassword({ id: world.staff.agent2.id, password: "lunar-cactus-violin-31" })),
      ).toBe(code);
    }
    // An agent cannot promote themselves either.
    expect(await codeOf(agent.staff.update({ id: world.staff.agent.id, role: "admin" }))).toBe("FORBIDDEN");
  });

  it("admins create accounts with strong passwords only; outputs never carry hashes", async () => {
    const admin = await signedInCaller(world.db, "admin");
    expect(
      await codeOf(admin.staff.create({ email: "dee@example.com", name: "Dee", role: "agent", password: "too-short" })),
    ).toBe("BAD_REQUEST");
    await expect(
      admin.staff.create({ email: "dee@example.com", name: "Dee", role: "agent", password: "qwertyuiop123" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/too common/),
    });
    const dee = await admin.staff.create({
      email: "Dee@Example.com",
      name: "Dee",
      role: "agent",
      password: "lunar-cactus-violin-31",
    });
    expect(dee).toMatchObject({ email: "dee@example.com", role: "agent", isActive: true });
    expect(
      await codeOf(
        admin.staff.create({
          email: "dee@example.com",
          name: "Dee 2",
          role: "agent",
          password: "lunar-cactus-violin-31",
        }),
      ),
    ).toBe("BAD_REQUEST");
    const list = await admin.staff.list();
    expect(JSON.stringify(list)).not.toMatch(/passwordHash|argon2/);
    const stored = await world.db.prisma.staffUser.findUniqueOrThrow({ where: { id: dee.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("changes roles, deactivates (ending sessions) and restores; keeps at least one admin", async () => {
    const admin = await signedInCaller(world.db, "admin");
    expect(await codeOf(admin.staff.setActive({ id: world.staff.admin.id, isActive: false }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.staff.update({ id: world.staff.admin.id, role: "agent" }))).toBe("BAD_REQUEST");

    const cyCookie = await signIn(world.db, "cy@example.com", PASSWORDS.agent2);
    const promoted = await admin.staff.update({ id: world.staff.agent2.id, role: "admin", name: "Cy Admin" });
    expect(promoted).toMatchObject({ role: "admin", name: "Cy Admin" });
    expect((await callerFor(world.db, { cookie: cyCookie }).staff.list()).length).toBeGreaterThan(2);
    await admin.staff.update({ id: world.staff.agent2.id, role: "agent", name: "Cy Agent" });

    await admin.staff.setActive({ id: world.staff.agent2.id, isActive: false });
    expect(await codeOf(callerFor(world.db, { cookie: cyCookie }).auth.me())).toBe("UNAUTHORIZED");
    await expect(
      callerFor(world.db, { ip: "198.51.100.50" }).auth.signIn({ email: "cy@example.com", password: PASSWORDS.agent2 }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/deactivated/),
    });
    await admin.staff.setActive({ id: world.staff.agent2.id, isActive: true });
    expect(
      await codeOf(
        callerFor(world.db, { ip: "198.51.100.50" }).auth.signIn({
          email: "cy@example.com",
          password: PASSWORDS.agent2,
        }),
      ),
    ).toBe("OK");
  });

  it("resets a password and signs that person out", async () => {
    const admin = await signedInCaller(world.db, "admin");
    const bob = await signIn(world.db, "bob@example.com", PASSWORDS.agent);
    expect(await codeOf(admin.staff.resetPassword({ id: world.staff.agent.id, password: "123456789012" }))).toBe(
      "BAD_REQUEST",
    );
    await admin.staff.resetPassword({ id: world.staff.agent.id, password: "cobalt-fern-rocket-08" });
    expect(await codeOf(callerFor(world.db, { cookie: bob }).auth.me())).toBe("UNAUTHORIZED");
    expect(await codeOf(signIn(world.db, "bob@example.com", "cobalt-fern-rocket-08"))).toBe("OK");
    await admin.staff.resetPassword({ id: world.staff.agent.id, password: PASSWORDS.agent });
  });
});
