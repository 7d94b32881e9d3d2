import { z } from 'zod';
import { lastEventIdSchema } from './chat.ts';

/** Every bound the social API enforces, in one place so forms and server agree. */
export const SOCIAL_LIMITS = {
  pageSize: 100,
  friendRequestMessageLength: 500,
  commentLength: 2_000,
  /** Top-level comments are depth 1; a reply to a depth-3 comment joins its parent's thread. */
  commentDepth: 3,
  /** Comments one user may post per window, across all items. */
  commentsPerWindow: 10,
  commentWindowSeconds: 60,
  /** Friend requests one user may send per window. */
  friendRequestsPerWindow: 20,
  friendRequestWindowSeconds: 60 * 60,
  /** An owner hears of a like (or a follow) from the same person at most once per window. */
  repeatNotificationWindowMinutes: 60,
} as const;

const id = z.uuid('Not a valid id');

/** Opaque cursors handed out by the API; bounded so a forged one costs nothing. */
const cursor = z.string().min(1).max(200).optional();
const limit = z.number().int().min(1).max(SOCIAL_LIMITS.pageSize).default(20);

// Control characters other than newlines and tabs have no place in text other people read.
const MULTI_LINE = /^(?:[^\p{Cc}]|[\n\t\r])*$/u;

// ---------------------------------------------------------------------------------------------
// Relationships
// ---------------------------------------------------------------------------------------------

/** Another user, by id (follow, block, remove friend, relationship status). */
export const socialUserInput = z.object({ userId: id });
export type SocialUserInput = z.infer<typeof socialUserInput>;

export const sendFriendRequestInput = z.object({
  userId: id,
  message: z
    .string()
    .trim()
    .max(
      SOCIAL_LIMITS.friendRequestMessageLength,
      `Use at most ${SOCIAL_LIMITS.friendRequestMessageLength} characters`,
    )
    .regex(MULTI_LINE, 'Remove control characters')
    .optional(),
});
export type SendFriendRequestInput = z.infer<typeof sendFriendRequestInput>;

export const friendRequestInput = z.object({ requestId: id });
export type FriendRequestInput = z.infer<typeof friendRequestInput>;

/** Whose followers / following: someone else's by id, the viewer's own when absent. */
export const peopleListInput = z.object({ userId: id.optional(), cursor, limit });
export type PeopleListInput = z.infer<typeof peopleListInput>;

export const ownListInput = z.object({ cursor, limit });
export type OwnListInput = z.infer<typeof ownListInput>;

export const friendRequestListInput = z.object({
  /** incoming: requests to the viewer (the inbox); outgoing: requests the viewer sent. */
  direction: z.enum(['incoming', 'outgoing']),
  cursor,
  limit,
});
export type FriendRequestListInput = z.infer<typeof friendRequestListInput>;

// ---------------------------------------------------------------------------------------------
// Items people like and comment on: a collection item or a battle report
// ---------------------------------------------------------------------------------------------

/** Exactly one of the two, as the database's likes and comments tables allow. */
export type SocialItemRef = { userModelId: string } | { battleReportId: string };

const itemFields = { userModelId: id.optional(), battleReportId: id.optional() };
type ItemFields = { userModelId?: string; battleReportId?: string };
const exactlyOneItem = (value: ItemFields) =>
  (value.userModelId === undefined) !== (value.battleReportId === undefined);
const exactlyOneItemMessage = { message: 'Name exactly one item: userModelId or battleReportId' };

/** An item input: `{ userModelId }` or `{ battleReportId }`, plus the given fields. */
function itemInput<Shape extends z.ZodRawShape>(shape: Shape) {
  return z
    .strictObject({ ...itemFields, ...shape })
    .refine((value) => exactlyOneItem(value as ItemFields), exactlyOneItemMessage);
}

export const socialItemInput = itemInput({});
export type SocialItemInput = z.infer<typeof socialItemInput>;

export const likersInput = itemInput({ cursor, limit });
export type LikersInput = z.infer<typeof likersInput>;

/** Live like and comment counts of one item; `lastEventId` resumes after a reconnect. */
export const itemCountersInput = itemInput({ lastEventId: lastEventIdSchema.optional() });
export type ItemCountersInput = z.infer<typeof itemCountersInput>;

// ---------------------------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------------------------

export const commentContentSchema = z
  .string()
  .trim()
  .min(1, 'Write a comment')
  .max(SOCIAL_LIMITS.commentLength, `Use at most ${SOCIAL_LIMITS.commentLength} characters`)
  .regex(MULTI_LINE, 'Remove control characters');

export const addCommentInput = itemInput({
  content: commentContentSchema,
  /** Reply to this comment (on the same item); a top-level comment when absent. */
  parentCommentId: id.optional(),
});
export type AddCommentInput = z.infer<typeof addCommentInput>;

export const editCommentInput = z.object({ commentId: id, content: commentContentSchema });
export type EditCommentInput = z.infer<typeof editCommentInput>;

export const commentIdInput = z.object({ commentId: id });
export type CommentIdInput = z.infer<typeof commentIdInput>;

export const listCommentsInput = itemInput({ cursor, limit });
export type ListCommentsInput = z.infer<typeof listCommentsInput>;

/** Reads the one item an (already validated) item input names. */
export function itemRefOf(input: ItemFields): SocialItemRef {
  if (input.userModelId !== undefined) return { userModelId: input.userModelId };
  if (input.battleReportId !== undefined) return { battleReportId: input.battleReportId };
  throw new Error('an item input names neither a collection item nor a battle report');
}
