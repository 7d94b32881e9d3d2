import { unlinkOAuthInput } from '@plastic-crack/api-contract';
import { authedProcedure, publicProcedure, router } from '../../trpc/init.ts';
import { oauthRuntime } from './runtime.ts';
import { listLinkedProviders, unlinkProvider } from './service.ts';

export const oauthRouter = router({
  /** Enabled providers, for the sign-in page's buttons; `startPath` begins the browser flow. */
  providers: publicProcedure.query(({ ctx }) =>
    oauthRuntime(ctx.services)
      .registry.list()
      .map(({ id, label }) => ({ id, label, startPath: `/auth/oauth/${id}/start` })),
  ),

  /** The viewer's linked providers (never their tokens), and whether one may be unlinked. */
  linked: authedProcedure.query(({ ctx }) => {
    const labels = new Map(
      oauthRuntime(ctx.services)
        .registry.list()
        .map(({ id, label }) => [id, label]),
    );
    return listLinkedProviders(ctx.services.db, ctx.viewer.userId, labels);
  }),

  /** Refused (CONFLICT) when it would leave the account without a password or another provider. */
  unlink: authedProcedure.input(unlinkOAuthInput).mutation(async ({ ctx, input }) => {
    await unlinkProvider(ctx.services.db, ctx.viewer.userId, input.provider, ctx.meta);
    return { provider: input.provider, unlinked: true };
  }),
});
