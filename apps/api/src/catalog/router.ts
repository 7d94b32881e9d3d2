import {
  catalogBarcodeInput,
  catalogEntryInput,
  catalogFactionsInput,
  catalogListInput,
  catalogSearchInput,
  createCatalogEntryInput,
  retireCatalogEntryInput,
  updateCatalogEntryInput,
} from '@plastic-crack/api-contract';
import type { Context, Viewer } from '../context.ts';
import { adminProcedure, publicProcedure, router } from '../trpc/init.ts';
import {
  createEntry,
  findByBarcode,
  getEntry,
  listEntries,
  listFactions,
  listGameSystems,
  retireEntry,
  searchEntries,
  updateEntry,
  type CatalogActor,
} from './service.ts';

const actor = (ctx: Context & { viewer: Viewer }): CatalogActor => ({
  userId: ctx.viewer.userId,
  ip: ctx.meta.ip,
  userAgent: ctx.meta.userAgent,
});

/** The shared catalogue: anyone may browse and search it; administrators curate it. */
export const catalogRouter = router({
  /** Every game system with its number of factions and catalogue entries. */
  gameSystems: publicProcedure.query(({ ctx }) => listGameSystems(ctx.services.db)),

  /** The factions of one game system (by id or slug), each with its number of entries. */
  factions: publicProcedure
    .input(catalogFactionsInput)
    .query(({ ctx, input }) => listFactions(ctx.services.db, input)),

  list: publicProcedure
    .input(catalogListInput)
    .query(({ ctx, input }) => listEntries(ctx.services.db, input)),

  /** The entry page, with current prices by retailer (cheapest first, its own currency first). */
  entry: publicProcedure.input(catalogEntryInput).query(({ ctx, input }) => getEntry(ctx.services.db, input)),

  byBarcode: publicProcedure
    .input(catalogBarcodeInput)
    .query(async ({ ctx, input }) => ({ entries: await findByBarcode(ctx.services.db, input.barcode) })),

  /** The search box: prefix and typo tolerant, best match first. */
  search: publicProcedure
    .input(catalogSearchInput)
    .query(({ ctx, input }) => searchEntries(ctx.services, input)),

  create: adminProcedure
    .input(createCatalogEntryInput)
    .mutation(({ ctx, input }) => createEntry(ctx.services, actor(ctx), input)),

  update: adminProcedure
    .input(updateCatalogEntryInput)
    .mutation(({ ctx, input }) => updateEntry(ctx.services, actor(ctx), input.id, input.changes)),

  /** Marks the entry discontinued; entries are never deleted (collections refer to them). */
  retire: adminProcedure
    .input(retireCatalogEntryInput)
    .mutation(({ ctx, input }) => retireEntry(ctx.services, actor(ctx), input.id)),
});
