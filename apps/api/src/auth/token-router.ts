import { issueTokenInput, refreshTokenInput } from '@plastic-crack/api-contract';
import { publicProcedure, router } from '../trpc/init.ts';
import { issueTokens, refreshTokens, revokeRefreshToken } from './refresh-tokens.ts';
import { tokensOutput } from './shape.ts';

/** auth.token.*: sign-in for mobile and internal clients (no cookies): access + rotating refresh token. */
export const tokenRouter = router({
  issue: publicProcedure
    .input(issueTokenInput)
    .mutation(async ({ ctx, input }) => tokensOutput(await issueTokens(ctx.services, input, ctx.meta))),

  refresh: publicProcedure
    .input(refreshTokenInput)
    .mutation(async ({ ctx, input }) =>
      tokensOutput(await refreshTokens(ctx.services, input.refreshToken, ctx.meta)),
    ),

  /** The same answer whether or not the token was live, so it reveals nothing. */
  revoke: publicProcedure.input(refreshTokenInput).mutation(async ({ ctx, input }) => {
    await revokeRefreshToken(ctx.services, input.refreshToken, ctx.meta);
    return { revoked: true };
  }),
});
