import {
  createCustomFieldInput,
  customFieldIdInput,
  updateCustomFieldInput,
} from '@plastic-crack/api-contract';
import { authedProcedure, router } from '../trpc/init.ts';
import { createField, deleteField, listFields, updateField } from './service.ts';

/** The viewer's own custom fields; nobody else's are ever read or written here. */
export const customFieldsRouter = router({
  list: authedProcedure.query(({ ctx }) => listFields(ctx.services.db, ctx.viewer.userId)),
  create: authedProcedure
    .input(createCustomFieldInput)
    .mutation(({ ctx, input }) => createField(ctx.services.db, ctx.viewer.userId, input)),
  update: authedProcedure
    .input(updateCustomFieldInput)
    .mutation(({ ctx, input }) => updateField(ctx.services.db, ctx.viewer.userId, input)),
  /** Its values on every item go with it. */
  delete: authedProcedure
    .input(customFieldIdInput)
    .mutation(({ ctx, input }) => deleteField(ctx.services.db, ctx.viewer.userId, input.id)),
});
