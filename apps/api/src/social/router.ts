import {
  addCommentInput,
  commentIdInput,
  editCommentInput,
  friendRequestInput,
  friendRequestListInput,
  itemCountersInput,
  itemRefOf,
  likersInput,
  listCommentsInput,
  ownListInput,
  peopleListInput,
  sendFriendRequestInput,
  socialItemInput,
  socialUserInput,
} from '@plastic-crack/api-contract';
import { openSubscription } from '../realtime/subscriptions.ts';
import { authedProcedure, publicProcedure, router, verifiedProcedure } from '../trpc/init.ts';
import { addComment, deleteComment, editComment, listComments } from './comments.ts';
import { itemCounterEvents, itemSocialState, likeItem, listLikers, unlikeItem } from './likes.ts';
import {
  acceptFriendRequest,
  blockUser,
  cancelFriendRequest,
  declineFriendRequest,
  follow,
  listBlocked,
  listFollowers,
  listFollowing,
  listFriendRequests,
  relationshipWith,
  removeFriend,
  sendFriendRequest,
  unblockUser,
  unfollow,
} from './relationships.ts';

// Comment text reaches other people's screens, so writing it takes a confirmed e-mail address
// (verifiedProcedure: "what reaches other people"); likes, follows and requests carry no text of
// their own beyond the optional request note, which is bounded and rate limited.
export const socialRouter = router({
  // Relationships
  follow: authedProcedure
    .input(socialUserInput)
    .mutation(({ ctx, input }) => follow(ctx.services, ctx.viewer, input.userId)),
  unfollow: authedProcedure
    .input(socialUserInput)
    .mutation(({ ctx, input }) => unfollow(ctx.services, ctx.viewer.userId, input.userId)),
  sendFriendRequest: authedProcedure
    .input(sendFriendRequestInput)
    .mutation(({ ctx, input }) => sendFriendRequest(ctx.services, ctx.viewer, input)),
  acceptFriendRequest: authedProcedure
    .input(friendRequestInput)
    .mutation(({ ctx, input }) => acceptFriendRequest(ctx.services, ctx.viewer, input.requestId)),
  declineFriendRequest: authedProcedure
    .input(friendRequestInput)
    .mutation(({ ctx, input }) => declineFriendRequest(ctx.services, ctx.viewer.userId, input.requestId)),
  cancelFriendRequest: authedProcedure
    .input(friendRequestInput)
    .mutation(({ ctx, input }) => cancelFriendRequest(ctx.services, ctx.viewer.userId, input.requestId)),
  removeFriend: authedProcedure
    .input(socialUserInput)
    .mutation(({ ctx, input }) => removeFriend(ctx.services, ctx.viewer.userId, input.userId)),
  block: authedProcedure
    .input(socialUserInput)
    .mutation(({ ctx, input }) => blockUser(ctx.services, ctx.viewer.userId, input.userId)),
  unblock: authedProcedure
    .input(socialUserInput)
    .mutation(({ ctx, input }) => unblockUser(ctx.services, ctx.viewer.userId, input.userId)),
  relationship: authedProcedure
    .input(socialUserInput)
    .query(({ ctx, input }) => relationshipWith(ctx.services.db, ctx.viewer.userId, input.userId)),
  followers: publicProcedure
    .input(peopleListInput)
    .query(({ ctx, input }) => listFollowers(ctx.services.db, ctx.viewer?.userId ?? null, input)),
  following: publicProcedure
    .input(peopleListInput)
    .query(({ ctx, input }) => listFollowing(ctx.services.db, ctx.viewer?.userId ?? null, input)),
  blocked: authedProcedure
    .input(ownListInput)
    .query(({ ctx, input }) => listBlocked(ctx.services.db, ctx.viewer.userId, input)),
  friendRequests: authedProcedure
    .input(friendRequestListInput)
    .query(({ ctx, input }) => listFriendRequests(ctx.services.db, ctx.viewer.userId, input)),

  // Likes
  like: authedProcedure
    .input(socialItemInput)
    .mutation(({ ctx, input }) => likeItem(ctx.services, ctx.viewer, itemRefOf(input))),
  unlike: authedProcedure
    .input(socialItemInput)
    .mutation(({ ctx, input }) => unlikeItem(ctx.services, ctx.viewer.userId, itemRefOf(input))),
  likers: publicProcedure
    .input(likersInput)
    .query(({ ctx, input }) => listLikers(ctx.services.db, ctx.viewer?.userId ?? null, input)),
  /** Counts, whether the viewer likes it, and the position to subscribe to onItemCounters from. */
  itemState: publicProcedure
    .input(socialItemInput)
    .query(({ ctx, input }) =>
      itemSocialState(ctx.services.db, ctx.viewer?.userId ?? null, itemRefOf(input)),
    ),

  // Comments
  addComment: verifiedProcedure
    .input(addCommentInput)
    .mutation(({ ctx, input }) => addComment(ctx.services, ctx.viewer, input)),
  editComment: verifiedProcedure
    .input(editCommentInput)
    .mutation(({ ctx, input }) => editComment(ctx.services.db, ctx.viewer.userId, input)),
  deleteComment: authedProcedure
    .input(commentIdInput)
    .mutation(({ ctx, input }) => deleteComment(ctx.services, ctx.viewer.userId, input.commentId)),
  comments: publicProcedure
    .input(listCommentsInput)
    .query(({ ctx, input }) => listComments(ctx.services.db, ctx.viewer?.userId ?? null, input)),

  // Real time: anyone who may see the item may watch its counts (visitors too, for public items).
  onItemCounters: publicProcedure
    .input(itemCountersInput)
    .subscription(({ ctx, input, signal }) =>
      openSubscription(ctx, signal, () =>
        itemCounterEvents(ctx.services, ctx.viewer?.userId ?? null, input, signal),
      ),
    ),
});
