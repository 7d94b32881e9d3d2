import { profileByUsernameInput, profileUpdateInput } from '@plastic-crack/api-contract';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import { getOwnProfile, getProfileByUsername, removeAvatar, updateProfile } from './service.ts';

// Avatars are uploaded through the plain HTTP route POST /uploads/avatar (multipart, see http/uploads.ts).
export const profileRouter = router({
  /** The signed-in user's whole profile, preferences parsed with defaults. */
  me: authedProcedure.query(({ ctx }) => getOwnProfile(ctx.services.db, ctx.viewer.userId)),

  update: authedProcedure
    .input(profileUpdateInput)
    .mutation(({ ctx, input }) => updateProfile(ctx.services.db, ctx.viewer.userId, input)),

  /** Someone's profile page, as the visibility rule allows (NOT_FOUND when hidden). */
  byUsername: publicProcedure
    .input(profileByUsernameInput)
    .query(({ ctx, input }) =>
      getProfileByUsername(ctx.services.db, ctx.viewer?.userId ?? null, input.username),
    ),

  removeAvatar: authedProcedure.mutation(async ({ ctx }) => {
    await removeAvatar(ctx.services.db, ctx.services.storage, ctx.viewer.userId);
    return getOwnProfile(ctx.services.db, ctx.viewer.userId);
  }),
});
