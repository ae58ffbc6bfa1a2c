// Run by `npm test` before vitest: makes sure this machine has what the suite drives for real
// (PostgreSQL's server binaries, Chromium, a font with Latin glyphs for screenshots, the npm
// packages). As root on Debian it installs what is missing; otherwise it prints the one command
// to run and stops, instead of letting dozens of tests fail one by one.
import { execSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

function hasPostgresServer() {
  if (process.env.TEST_DATABASE_URL) return true; // the tests use that server instead of starting one
  const base = "/usr/lib/postgresql";
  return existsSync(base) && readdirSync(base).some((v) => existsSync(join(base, v, "bin/initdb")));
}
const hasChromium = () => existsSync("/usr/bin/chromium");
const hasLatinFont = () => spawnSync("sh", ["-c", "fc-list 2>/dev/null | grep -qi liberation"]).status === 0;

const missing = [];
if (!hasPostgresServer()) missing.push("postgresql");
if (!hasChromium()) missing.push("chromium");
if (!hasLatinFont()) missing.push("fonts-liberation");

if (missing.length > 0) {
  const command = `apt-get update -qq && apt-get install -y -qq --no-install-recommends ${missing.join(" ")}`;
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync("/usr/bin/apt-get");
  if (!isRoot || !isDebian) {
    console.error(`npm test needs Debian packages that are not installed: ${missing.join(", ")}.`);
    console.error(
      isDebian
        ? `Install them with:\n  sudo sh -c '${command}'`
        : "Install PostgreSQL's server (initdb, pg_ctl) and Chromium at /usr/bin/chromium.",
    );
    process.exit(1);
  }
  console.log(`npm test: installing ${missing.join(", ")} (Debian packages the tests drive for real)`);
  execSync(`sh -c '${command}'`, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  console.log("npm test: installed");
}

// A fresh clone where `npm test` comes before any install.
if (!existsSync(join(root, "node_modules/.bin/vitest"))) {
  console.log("npm test: installing npm packages (npm ci)");
  execSync("npm ci --no-audit --no-fund", { cwd: root, stdio: "inherit" });
}
