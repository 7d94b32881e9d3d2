import {
  addArmyEntryInput,
  armyEntryIdInput,
  armyIdInput,
  armyListInput,
  createArmyInput,
  updateArmyEntryInput,
  updateArmyInput,
} from '@plastic-crack/api-contract';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import {
  addEntry,
  createArmy,
  deleteArmy,
  duplicateArmy,
  getArmy,
  listArmies,
  removeEntry,
  updateArmy,
  updateEntry,
} from './service.ts';

export const armiesRouter = router({
  create: authedProcedure
    .input(createArmyInput)
    .mutation(({ ctx, input }) => createArmy(ctx.services.db, ctx.viewer.userId, input)),

  /** One army with its entries and totals; another user's private army is NOT_FOUND. */
  get: publicProcedure
    .input(armyIdInput)
    .query(({ ctx, input }) => getArmy(ctx.services.db, ctx.viewer?.userId ?? null, input.id)),

  /** The viewer's armies, or `ownerUsername`'s public armies when the visibility rule allows. */
  list: publicProcedure
    .input(armyListInput)
    .query(({ ctx, input }) => listArmies(ctx.services.db, ctx.viewer?.userId ?? null, input)),

  update: authedProcedure
    .input(updateArmyInput)
    .mutation(({ ctx, input }) => updateArmy(ctx.services.db, ctx.viewer.userId, input)),

  delete: authedProcedure
    .input(armyIdInput)
    .mutation(({ ctx, input }) => deleteArmy(ctx.services.db, ctx.viewer.userId, input.id)),

  /** A private copy named "<name> (copy)", entries included. */
  duplicate: authedProcedure
    .input(armyIdInput)
    .mutation(({ ctx, input }) => duplicateArmy(ctx.services.db, ctx.viewer.userId, input.id)),

  addEntry: authedProcedure
    .input(addArmyEntryInput)
    .mutation(({ ctx, input }) => addEntry(ctx.services.db, ctx.viewer.userId, input)),

  updateEntry: authedProcedure
    .input(updateArmyEntryInput)
    .mutation(({ ctx, input }) => updateEntry(ctx.services.db, ctx.viewer.userId, input)),

  removeEntry: authedProcedure
    .input(armyEntryIdInput)
    .mutation(({ ctx, input }) => removeEntry(ctx.services.db, ctx.viewer.userId, input.entryId)),
});
