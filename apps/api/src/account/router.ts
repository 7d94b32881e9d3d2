import { requestDeletionInput } from '@plastic-crack/api-contract';
import { authedProcedure, router } from '../trpc/init.ts';
import { cancelDeletion, exportAccount, requestDeletion } from './service.ts';

export const accountRouter = router({
  /** A JSON copy of everything the signed-in user owns (GDPR-style data export). */
  export: authedProcedure.query(({ ctx }) => exportAccount(ctx.services.db, ctx.viewer.userId)),

  requestDeletion: authedProcedure
    .input(requestDeletionInput)
    .mutation(({ ctx, input }) => requestDeletion(ctx.services, ctx.viewer, input, ctx.meta)),

  cancelDeletion: authedProcedure.mutation(({ ctx }) => cancelDeletion(ctx.services.db, ctx.viewer.userId)),
});
