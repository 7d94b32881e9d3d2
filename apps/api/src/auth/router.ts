import {
  changePasswordInput,
  requestPasswordResetInput,
  resetPasswordInput,
  signInInput,
  signUpInput,
  verifyEmailInput,
} from '@plastic-crack/api-contract';
import type { Context } from '../context.ts';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import { appendSetCookie, clearedSessionCookie, sessionCookie } from './cookies.ts';
import { oauthRouter } from './oauth/router.ts';
import { resendVerification, verifyEmail } from './email-verification.ts';
import { changePassword } from './password-change.ts';
import { requestPasswordReset, resetPassword } from './password-reset.ts';
import type { IssuedSession } from './sessions.ts';
import { devicesRouter, sessionsRouter } from './sessions-router.ts';
import { getAccount, signIn, signOut, signUp } from './service.ts';
import { tokenRouter } from './token-router.ts';

function setSessionCookie(ctx: Context, session: IssuedSession): void {
  if (ctx.res) appendSetCookie(ctx.res, sessionCookie(session.token, session.expiresAt, isSecure(ctx)));
}

const isSecure = (ctx: Context) => ctx.services.env.NODE_ENV === 'production';

export const authRouter = router({
  oauth: oauthRouter,
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const { account, session } = await signUp(ctx.services, input, ctx.meta);
    setSessionCookie(ctx, session);
    return { account };
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const { account, session } = await signIn(ctx.services, input, ctx.meta);
    setSessionCookie(ctx, session);
    return { account };
  }),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.services, ctx.viewer, ctx.meta);
    if (ctx.res) appendSetCookie(ctx.res, clearedSessionCookie(isSecure(ctx)));
    return { signedOut: true };
  }),

  /** The signed-in account, or null for a visitor. */
  me: publicProcedure.query(({ ctx }) =>
    ctx.viewer ? getAccount(ctx.services.db, ctx.viewer.userId) : null,
  ),

  /** Ends every other session and app sign-in; this one stays signed in. */
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.services, ctx.viewer, input, ctx.meta)),

  verifyEmail: publicProcedure.input(verifyEmailInput).mutation(async ({ ctx, input }) => {
    await verifyEmail(ctx.services, input.token, ctx.meta);
    return { verified: true };
  }),

  resendVerification: authedProcedure.mutation(({ ctx }) =>
    resendVerification(ctx.services, ctx.viewer.userId, ctx.meta),
  ),

  /** Answers the same whether or not an account uses the address. */
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.services, input.email, ctx.meta)),

  /** Sets a new password from an e-mailed link and signs the account out everywhere. */
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetPassword(ctx.services, input, ctx.meta)),

  sessions: sessionsRouter,
  devices: devicesRouter,
  token: tokenRouter,
});
