// Admins create, list and revoke API tokens. The secret is returned once; only its hash is kept.
import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZApiTokenCreateInput,
  ZApiTokenCreateOutput,
  ZApiTokenIdInput,
  ZApiTokenList,
  ZApiTokenSummary,
} from "@support/schemas";
import { createApiToken, listApiTokens, revokeApiToken } from "../../domain/api-tokens/tokens.ts";
import { adminProcedure } from "../../trpc.ts";

export const apiTokenRouter = {
  list: adminProcedure.output(ZApiTokenList).query(({ ctx }) => listApiTokens(ctx.prisma)),

  create: adminProcedure
    .input(ZApiTokenCreateInput)
    .output(ZApiTokenCreateOutput)
    .mutation(async ({ ctx, input }) => {
      const created = await createApiToken(ctx.prisma, input, { staffId: ctx.staff.id });
      ctx.log.info({ tokenId: created.token.id, scopes: created.token.scopes, by: ctx.staff.id }, "API token created");
      return created;
    }),

  revoke: adminProcedure
    .input(ZApiTokenIdInput)
    .output(ZApiTokenSummary)
    .mutation(async ({ ctx, input }) => {
      const token = await revokeApiToken(ctx.prisma, input.id, ctx.clock.now());
      ctx.log.info({ tokenId: token.id, by: ctx.staff.id }, "API token revoked");
      return token;
    }),
} satisfies TRPCRouterRecord;
