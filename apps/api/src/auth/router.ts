import { signInInput, signUpInput } from '@plastic-crack/api-contract';
import type { Context } from '../context.ts';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import { appendSetCookie, clearedSessionCookie, sessionCookie } from './cookies.ts';
import type { IssuedSession } from './sessions.ts';
import { getAccount, signIn, signOut, signUp } from './service.ts';

function setSessionCookie(ctx: Context, session: IssuedSession): void {
  if (ctx.res) appendSetCookie(ctx.res, sessionCookie(session.token, session.expiresAt, isSecure(ctx)));
}

const isSecure = (ctx: Context) => ctx.services.env.NODE_ENV === 'production';

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const { account, session } = await signUp(ctx.services.db, input, ctx.meta);
    setSessionCookie(ctx, session);
    return { account };
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const { account, session } = await signIn(ctx.services.db, input, ctx.meta);
    setSessionCookie(ctx, session);
    return { account };
  }),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.services.db, ctx.viewer.sessionId);
    await ctx.services.sockets.revokeSessions([ctx.viewer.sessionId]);
    if (ctx.res) appendSetCookie(ctx.res, clearedSessionCookie(isSecure(ctx)));
    return { signedOut: true };
  }),

  /** The signed-in account, or null for a visitor. */
  me: publicProcedure.query(({ ctx }) =>
    ctx.viewer ? getAccount(ctx.services.db, ctx.viewer.userId) : null,
  ),
});
