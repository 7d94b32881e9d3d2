import {
  addItemInput,
  addPaintingSessionInput,
  bulkEditInput,
  collectionGroupsInput,
  collectionListInput,
  collectionStatsInput,
  itemIdInput,
  paintingLogInput,
  photoCaptionInput,
  photoIdInput,
  photoReorderInput,
  setStageInput,
  updateItemInput,
  updatePaintingSessionInput,
} from '@plastic-crack/api-contract';
import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import { collectionGroups, listCollection } from './list.ts';
import { addSession, deleteSession, listSessions, listStageHistory, updateSession } from './painting-log.ts';
import { deletePhoto, listPhotos, removeStoredFiles, reorderPhotos, setCaption } from './photos.ts';
import { addItem, bulkEdit, deleteItem, getItem, setStage, updateItem } from './service.ts';
import { collectionStats } from './stats.ts';

const sessionsRouter = router({
  /** Newest first; readable by whoever may read the item. */
  list: publicProcedure
    .input(paintingLogInput)
    .query(({ ctx, input }) => listSessions(ctx.services.db, ctx.viewer?.userId ?? null, input)),
  add: authedProcedure
    .input(addPaintingSessionInput)
    .mutation(({ ctx, input }) => addSession(ctx.services.db, ctx.viewer.userId, input)),
  update: authedProcedure
    .input(updatePaintingSessionInput)
    .mutation(({ ctx, input }) => updateSession(ctx.services.db, ctx.viewer.userId, input)),
  delete: authedProcedure
    .input(z.strictObject({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteSession(ctx.services.db, ctx.viewer.userId, input.id)),
});

/** Uploading is POST /uploads/collection/:userModelId/photos (http/collection-photos.ts). */
const photosRouter = router({
  list: publicProcedure
    .input(z.strictObject({ userModelId: z.uuid() }))
    .query(({ ctx, input }) => listPhotos(ctx.services.db, ctx.viewer?.userId ?? null, input.userModelId)),
  caption: authedProcedure
    .input(photoCaptionInput)
    .mutation(({ ctx, input }) => setCaption(ctx.services.db, ctx.viewer.userId, input.id, input.caption)),
  reorder: authedProcedure
    .input(photoReorderInput)
    .mutation(({ ctx, input }) =>
      reorderPhotos(ctx.services.db, ctx.viewer.userId, input.userModelId, input.photoIds),
    ),
  /** The stored files go too. */
  delete: authedProcedure
    .input(photoIdInput)
    .mutation(({ ctx, input }) =>
      deletePhoto(ctx.services.db, ctx.services.storage, ctx.log, ctx.viewer.userId, input.id),
    ),
});

export const collectionRouter = router({
  add: authedProcedure
    .input(addItemInput)
    .mutation(({ ctx, input }) => addItem(ctx.services.db, ctx.viewer.userId, input)),

  /** One item with its photos; another user's private item is NOT_FOUND. */
  get: publicProcedure
    .input(itemIdInput)
    .query(({ ctx, input }) => getItem(ctx.services.db, ctx.viewer?.userId ?? null, input.id)),

  update: authedProcedure
    .input(updateItemInput)
    .mutation(({ ctx, input }) => updateItem(ctx.services.db, ctx.viewer.userId, input)),

  setStage: authedProcedure
    .input(setStageInput)
    .mutation(({ ctx, input }) =>
      setStage(ctx.services.db, ctx.viewer.userId, input.id, input.paintingStatus),
    ),

  /** With its photos (rows and stored files), painting log, history and custom-field values. */
  delete: authedProcedure.input(itemIdInput).mutation(async ({ ctx, input }) => {
    const deleted = await deleteItem(ctx.services.db, ctx.viewer.userId, input.id);
    await removeStoredFiles(ctx.services.storage, ctx.log, deleted.photoKeys);
    return { id: deleted.id };
  }),

  bulkEdit: authedProcedure
    .input(bulkEditInput)
    .mutation(({ ctx, input }) => bulkEdit(ctx.services.db, ctx.viewer.userId, input)),

  /** The viewer's collection, or `ownerUsername`'s public items when the visibility rule allows. */
  list: publicProcedure
    .input(collectionListInput)
    .query(({ ctx, input }) => listCollection(ctx.services.db, ctx.viewer?.userId ?? null, input)),

  groups: publicProcedure
    .input(collectionGroupsInput)
    .query(({ ctx, input }) => collectionGroups(ctx.services.db, ctx.viewer?.userId ?? null, input)),

  /** The viewer's own totals and chart series. */
  stats: authedProcedure
    .input(collectionStatsInput)
    .query(({ ctx, input }) => collectionStats(ctx.services.db, ctx.viewer.userId, input.months)),

  /** Stage changes recorded by the database, newest first. */
  history: publicProcedure
    .input(paintingLogInput)
    .query(({ ctx, input }) => listStageHistory(ctx.services.db, ctx.viewer?.userId ?? null, input)),

  sessions: sessionsRouter,
  photos: photosRouter,
});
