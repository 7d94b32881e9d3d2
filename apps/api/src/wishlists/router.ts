import {
  addWishlistItemInput,
  createWishlistInput,
  markBoughtInput,
  shareTokenInput,
  updateWishlistInput,
  updateWishlistItemInput,
  wishlistIdInput,
  wishlistItemIdInput,
  wishlistListInput,
} from '@plastic-crack/api-contract';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import {
  addWishlistItem,
  createWishlist,
  deleteWishlist,
  getByShareToken,
  getWishlist,
  listWishlists,
  markBought,
  removeWishlistItem,
  setDefaultWishlist,
  shareWishlist,
  unshareWishlist,
  updateWishlist,
  updateWishlistItem,
} from './service.ts';

export const wishlistsRouter = router({
  /** The viewer's lists (default first), or `ownerUsername`'s public lists when the rule allows. */
  list: publicProcedure
    .input(wishlistListInput)
    .query(({ ctx, input }) => listWishlists(ctx.services.db, ctx.viewer?.userId ?? null, input)),

  /** One list with its items; another user's private list is NOT_FOUND. */
  get: publicProcedure
    .input(wishlistIdInput)
    .query(({ ctx, input }) => getWishlist(ctx.services.db, ctx.viewer?.userId ?? null, input.id)),

  /** A shared list, for anyone holding the link (signed in or not). */
  byShareToken: publicProcedure
    .input(shareTokenInput)
    .query(({ ctx, input }) => getByShareToken(ctx.services.db, ctx.viewer?.userId ?? null, input.token)),

  create: authedProcedure
    .input(createWishlistInput)
    .mutation(({ ctx, input }) => createWishlist(ctx.services.db, ctx.viewer.userId, input)),

  update: authedProcedure
    .input(updateWishlistInput)
    .mutation(({ ctx, input }) => updateWishlist(ctx.services.db, ctx.viewer.userId, input)),

  setDefault: authedProcedure
    .input(wishlistIdInput)
    .mutation(({ ctx, input }) => setDefaultWishlist(ctx.services.db, ctx.viewer.userId, input.id)),

  delete: authedProcedure
    .input(wishlistIdInput)
    .mutation(({ ctx, input }) => deleteWishlist(ctx.services.db, ctx.viewer.userId, input.id)),

  share: authedProcedure
    .input(wishlistIdInput)
    .mutation(({ ctx, input }) => shareWishlist(ctx.services.db, ctx.viewer.userId, input.id)),

  unshare: authedProcedure
    .input(wishlistIdInput)
    .mutation(({ ctx, input }) => unshareWishlist(ctx.services.db, ctx.viewer.userId, input.id)),

  addItem: authedProcedure
    .input(addWishlistItemInput)
    .mutation(({ ctx, input }) => addWishlistItem(ctx.services.db, ctx.viewer.userId, input)),

  updateItem: authedProcedure
    .input(updateWishlistItemInput)
    .mutation(({ ctx, input }) => updateWishlistItem(ctx.services.db, ctx.viewer.userId, input)),

  removeItem: authedProcedure
    .input(wishlistItemIdInput)
    .mutation(({ ctx, input }) => removeWishlistItem(ctx.services.db, ctx.viewer.userId, input.itemId)),

  /** "Bought it": the item goes into the collection and is marked bought, in one transaction. */
  markBought: authedProcedure
    .input(markBoughtInput)
    .mutation(({ ctx, input }) => markBought(ctx.services.db, ctx.viewer.userId, input)),
});
