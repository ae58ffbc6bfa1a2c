// Opaque bearer secrets (customer sessions, staff sessions, API tokens): random, stored only as hashes.
import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, base64url (43 chars). */
export function generateSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** SHA-256 is right here: the secrets are high-entropy, so no slow hash is needed to resist guessing. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
