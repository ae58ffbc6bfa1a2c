// Admins create, list and revoke API tokens. The secret is returned once; only its hash is kept.
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { ZApiTokenCreateInput, ZApiTokenCreateOutput, ZApiTokenSummary } from "@support/schemas";
import { z } from "zod";
import type { ApiToken, StaffUser } from "@support/db";
import { generateSecret, hashSecret } from "../../lib/tokens.ts";
import { API_TOKEN_PREFIX, adminProcedure } from "../../trpc.ts";

function toSummary(t: ApiToken & { createdBy: Pick<StaffUser, "name"> | null }) {
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

export const apiTokenRouter = {
  list: adminProcedure.output(z.array(ZApiTokenSummary)).query(async ({ ctx }) => {
    const tokens = await ctx.prisma.apiToken.findMany({
      orderBy: { createdAt: "desc" },
      include: { createdBy: { select: { name: true } } },
    });
    return tokens.map(toSummary);
  }),

  create: adminProcedure
    .input(ZApiTokenCreateInput)
    .output(ZApiTokenCreateOutput)
    .mutation(async ({ ctx, input }) => {
      const secret = `${API_TOKEN_PREFIX}${generateSecret()}`;
      const token = await ctx.prisma.apiToken.create({
        data: {
          name: input.name,
          scopes: input.scopes,
          expiresAt: input.expiresAt ?? null,
          prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
          tokenHash: hashSecret(secret),
          createdById: ctx.staff.id,
        },
        include: { createdBy: { select: { name: true } } },
      });
      ctx.log.info({ tokenId: token.id, scopes: token.scopes, by: ctx.staff.id }, "API token created");
      return { token: toSummary(token), secret };
    }),

  revoke: adminProcedure
    .input(z.object({ id: z.string().uuid() }))
    .output(ZApiTokenSummary)
    .mutation(async ({ ctx, input }) => {
      const existing = await ctx.prisma.apiToken.findUnique({ where: { id: input.id } });
      if (!existing) throw new TRPCError({ code: "NOT_FOUND", message: "No such API token" });
      const token = await ctx.prisma.apiToken.update({
        where: { id: input.id },
        data: { revokedAt: existing.revokedAt ?? ctx.clock.now() },
        include: { createdBy: { select: { name: true } } },
      });
      ctx.log.info({ tokenId: token.id, by: ctx.staff.id }, "API token revoked");
      return toSummary(token);
    }),
} satisfies TRPCRouterRecord;
