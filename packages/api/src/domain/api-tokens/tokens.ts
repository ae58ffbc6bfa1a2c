// API tokens for scripts and integrations: created by admins with scopes and an optional expiry;
// the secret is shown once and only its hash is kept; revoking keeps the row for the record.
import { TRPCError } from "@trpc/server";
import type { ApiToken, PrismaClient, StaffUser } from "@support/db";
import type { ApiTokenSummary } from "@support/schemas";
import { generateSecret, hashSecret } from "../../lib/tokens.ts";
import { API_TOKEN_PREFIX } from "../../trpc.ts";

const withCreator = { createdBy: { select: { name: true } } } as const;

export function toApiTokenSummary(t: ApiToken & { createdBy: Pick<StaffUser, "name"> | null }): ApiTokenSummary {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    revokedAt: t.revokedAt,
    lastUsedAt: t.lastUsedAt,
    createdBy: t.createdBy?.name ?? null,
  };
}

export async function listApiTokens(prisma: PrismaClient): Promise<ApiTokenSummary[]> {
  const tokens = await prisma.apiToken.findMany({ orderBy: { createdAt: "desc" }, include: withCreator });
  return tokens.map(toApiTokenSummary);
}

export async function createApiToken(
  prisma: PrismaClient,
  input: { name: string; scopes: ApiToken["scopes"]; expiresAt?: Date | null | undefined },
  by: { staffId: string },
): Promise<{ token: ApiTokenSummary; secret: string }> {
  const secret = `${API_TOKEN_PREFIX}${generateSecret()}`;
  const token = await prisma.apiToken.create({
    data: {
      name: input.name,
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
      tokenHash: hashSecret(secret),
      createdById: by.staffId,
    },
    include: withCreator,
  });
  return { token: toApiTokenSummary(token), secret };
}

/** Revoking twice keeps the first revocation's time. */
export async function revokeApiToken(prisma: PrismaClient, id: string, now: Date): Promise<ApiTokenSummary> {
  const existing = await prisma.apiToken.findUnique({ where: { id } });
  if (!existing) throw new TRPCError({ code: "NOT_FOUND", message: "No such API token" });
  const token = await prisma.apiToken.update({
    where: { id },
    data: { revokedAt: existing.revokedAt ?? now },
    include: withCreator,
  });
  return toApiTokenSummary(token);
}
