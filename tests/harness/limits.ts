// Request limits for tests: suites make many calls from one address, so every rule is raised out
// of the way (the limiters still run and count); tests about limits pass their own.
import { RATE_LIMIT_RULES, type RateLimitOverrides } from "@support/api";

export const RELAXED_LIMITS: RateLimitOverrides = Object.fromEntries(
  Object.keys(RATE_LIMIT_RULES).map((name) => [name, { points: 1_000_000_000 }]),
);
