import {
  itemRefOf,
  SOCIAL_LIMITS,
  type AddCommentInput,
  type EditCommentInput,
  type ListCommentsInput,
  type SocialItemRef,
} from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import type { Services, Viewer } from '../context.ts';
import { badInput, forbidden, notFound } from '../errors.ts';
import { notify, retractNotificationsAbout, type NotificationServices } from '../notifications/service.ts';
import {
  canViewItem,
  describeItem,
  readCounts,
  recount,
  refOf,
  requireVisibleItem,
  writeItem,
  type ItemCounts,
  type SocialItem,
} from './items.ts';
import { recordActivity } from '../feed/service.ts';
import { consumeSocialQuota } from './limits.ts';
import {
  afterKeyset,
  decodeKeyset,
  listedPersonSql,
  pageOf,
  personCardSelect,
  personListedTo,
  timestampKeySql,
  type Page,
  type PersonCard,
} from './people.ts';

/**
 * Threaded comments on a collection item or a battle report.
 *
 *   - Depth: a top-level comment is depth 1, at most depth 3. A reply to a depth-3 comment joins the
 *     same thread as its sibling (it is stored under the depth-3 comment's parent), and the person
 *     replied to is still notified — the conversation goes on, the indentation stops.
 *   - Deleting (the author, or the item's owner) removes the comment and its replies: the rows go,
 *     so comment_count — the comments anyone can still see — stays exact, and no orphaned reply
 *     is left pointing at nothing.
 *   - Visibility: a comment is shown to a viewer who may see the item, when the rule does not hide
 *     its author from them (people.ts) — nor the author of a comment above it: a reply under a hidden
 *     comment is hidden with it, so nobody sees half a conversation. Blocks therefore hide each
 *     user's comments from the other, in both directions.
 *   - A private profile is hidden from everyone else, so its comments would be too: commenting on
 *     other people's items is refused with a clear message instead of posting what nobody can read.
 */

export interface CommentView {
  id: string;
  item: SocialItemRef;
  parentCommentId: string | null;
  /** 1 for a top-level comment, up to 3. */
  depth: number;
  author: PersonCard;
  content: string;
  isEdited: boolean;
  createdAt: string;
  updatedAt: string;
  /** Only the author edits; the author or the item's owner deletes. */
  canEdit: boolean;
  canDelete: boolean;
}

const commentSelect = {
  id: true,
  userId: true,
  userModelId: true,
  battleReportId: true,
  parentCommentId: true,
  content: true,
  isEdited: true,
  createdAt: true,
  updatedAt: true,
  user: { select: personCardSelect },
  parentComment: {
    select: { userId: true, parentCommentId: true, parentComment: { select: { userId: true } } },
  },
} satisfies Prisma.CommentSelect;
type CommentRow = Prisma.CommentGetPayload<{ select: typeof commentSelect }>;

const depthOf = (row: Pick<CommentRow, 'parentComment'>) =>
  !row.parentComment ? 1 : row.parentComment.parentCommentId ? 3 : 2;

const itemRefOfRow = (row: Pick<CommentRow, 'userModelId' | 'battleReportId'>): SocialItemRef =>
  row.userModelId ? { userModelId: row.userModelId } : { battleReportId: row.battleReportId! };

function toCommentView(row: CommentRow, viewerId: string | null, item: SocialItem): CommentView {
  return {
    id: row.id,
    item: itemRefOfRow(row),
    parentCommentId: row.parentCommentId,
    depth: depthOf(row),
    author: row.user,
    content: row.content,
    isEdited: row.isEdited,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    canEdit: viewerId !== null && row.userId === viewerId,
    canDelete: viewerId !== null && (row.userId === viewerId || item.ownerId === viewerId),
  };
}

/** Everyone whose comment is above (and including) this one: if any is hidden, so is this one. */
const threadAuthors = (row: CommentRow) =>
  [row.userId, row.parentComment?.userId, row.parentComment?.parentComment?.userId].filter(
    (id): id is string => id !== undefined,
  );

/** A comment the viewer may see (item and thread authors through the rule), else NOT_FOUND. */
async function requireVisibleComment(
  db: Db,
  viewerId: string | null,
  commentId: string,
): Promise<{ comment: CommentRow; item: SocialItem }> {
  const comment = await db.comment.findUnique({ where: { id: commentId }, select: commentSelect });
  if (!comment) throw notFound('Comment');
  const item = await requireVisibleItem(db, viewerId, itemRefOfRow(comment)).catch(() => {
    throw notFound('Comment');
  });
  for (const authorId of new Set(threadAuthors(comment))) {
    if (!(await personListedTo(db, viewerId, authorId))) throw notFound('Comment');
  }
  return { comment, item };
}

/**
 * The one permission check for changing a comment: it must be visible to the viewer, and the viewer
 * its author (edit) or its author or the item's owner (delete).
 */
async function requireCommentPermission(
  db: Db,
  viewerId: string,
  commentId: string,
  action: 'edit' | 'delete',
): Promise<{ comment: CommentRow; item: SocialItem }> {
  const found = await requireVisibleComment(db, viewerId, commentId);
  const isAuthor = found.comment.userId === viewerId;
  if (action === 'edit' && !isAuthor) throw forbidden('Only its author can edit a comment');
  if (action === 'delete' && !isAuthor && found.item.ownerId !== viewerId)
    throw forbidden('Only its author or the owner of what it is on can delete a comment');
  return found;
}

const excerpt = (content: string) => (content.length <= 140 ? content : `${content.slice(0, 139)}…`);

export async function addComment(
  services: NotificationServices & Pick<Services, 'redis'>,
  viewer: Pick<Viewer, 'userId' | 'username'>,
  input: AddCommentInput,
): Promise<CommentView> {
  const { db } = services;
  const item = await requireVisibleItem(db, viewer.userId, itemRefOf(input));
  if (item.ownerId !== viewer.userId) {
    const me = await db.user.findUnique({ where: { id: viewer.userId }, select: { privacySetting: true } });
    if (me?.privacySetting === 'private')
      throw forbidden(
        'Your profile is private, so nobody else could see your comment. Make it friends-only or public to comment on other people’s items.',
      );
  }

  let parentCommentId: string | null = null;
  let repliedToAuthor: string | null = null;
  if (input.parentCommentId) {
    const { comment: parent } = await requireVisibleComment(db, viewer.userId, input.parentCommentId);
    const onSameItem =
      item.kind === 'user_model' ? parent.userModelId === item.id : parent.battleReportId === item.id;
    if (!onSameItem) throw badInput('That comment is on something else', 'parentCommentId');
    // The depth stops at 3: a reply to a depth-3 comment becomes its sibling.
    parentCommentId = depthOf(parent) >= SOCIAL_LIMITS.commentDepth ? parent.parentCommentId : parent.id;
    repliedToAuthor = parent.userId;
  }

  await consumeSocialQuota(services, 'comment', viewer.userId);

  // Who hears of it: the item's owner and the person replied to — never the commenter, and never
  // someone the rule hides the commenter from (or who can no longer see the item).
  const tellOwner = item.ownerId !== viewer.userId && (await personListedTo(db, item.ownerId, viewer.userId));
  const tellRepliedTo =
    repliedToAuthor !== null &&
    repliedToAuthor !== viewer.userId &&
    repliedToAuthor !== item.ownerId &&
    (await personListedTo(db, repliedToAuthor, viewer.userId)) &&
    (await canViewItem(db, repliedToAuthor, item));

  return writeItem(services, item, async ({ tx, emitCounts, deliverLater }) => {
    // Deleting a comment takes this same item lock, so a parent that is still here now stays until commit.
    if (parentCommentId && (await tx.comment.count({ where: { id: parentCommentId } })) === 0)
      throw notFound('Comment');
    const created = await tx.comment.create({
      data: {
        userId: viewer.userId,
        ...(item.kind === 'user_model' ? { userModelId: item.id } : { battleReportId: item.id }),
        content: input.content,
        parentCommentId,
      },
      select: commentSelect,
    });
    await emitCounts('comment.added', await recount(tx, item));
    const data = { actorId: viewer.userId, ...refOf(item), commentId: created.id };
    await recordActivity(tx, {
      userId: viewer.userId,
      type: 'comment_added',
      entityType: 'comment',
      entityId: created.id,
      data: { ...refOf(item), ownerId: item.ownerId },
    });
    if (tellOwner) {
      deliverLater(
        await notify(tx, {
          userId: item.ownerId,
          type: 'comment',
          title: `${viewer.username} commented on ${describeItem(item)}`,
          message: excerpt(input.content),
          data,
        }),
      );
    }
    if (tellRepliedTo && repliedToAuthor) {
      deliverLater(
        await notify(tx, {
          userId: repliedToAuthor,
          type: 'comment',
          title: `${viewer.username} replied to your comment`,
          message: excerpt(input.content),
          data,
        }),
      );
    }
    return toCommentView(created, viewer.userId, item);
  });
}

/** The author rewrites their comment; it is marked as edited. */
export async function editComment(db: Db, viewerId: string, input: EditCommentInput): Promise<CommentView> {
  const { item } = await requireCommentPermission(db, viewerId, input.commentId, 'edit');
  // The author in the where as well: a comment deleted meanwhile is NOT_FOUND, not a driver error.
  const { count } = await db.comment.updateMany({
    where: { id: input.commentId, userId: viewerId },
    data: { content: input.content, isEdited: true },
  });
  if (count === 0) throw notFound('Comment');
  const row = await db.comment.findUniqueOrThrow({ where: { id: input.commentId }, select: commentSelect });
  return toCommentView(row, viewerId, item);
}

/**
 * Deletes a comment and its replies (author or item owner); the item's comment_count follows, and
 * the notifications that quoted them are withdrawn.
 */
export async function deleteComment(
  services: NotificationServices,
  viewerId: string,
  commentId: string,
): Promise<{ deleted: number } & ItemCounts> {
  const { comment, item } = await requireCommentPermission(services.db, viewerId, commentId, 'delete');
  return writeItem(services, item, async ({ tx, emitCounts, deliverLater }) => {
    const thread = await tx.$queryRaw<{ id: string; user_id: string }[]>`
      WITH RECURSIVE thread AS (
        SELECT id, user_id FROM comments WHERE id = ${commentId}::uuid
        UNION ALL
        SELECT c.id, c.user_id FROM comments c JOIN thread t ON c.parent_comment_id = t.id
      )
      SELECT id::text, user_id::text FROM thread`;
    if (thread.length === 0) throw notFound('Comment');
    // The replies go with it (parent_comment_id is ON DELETE CASCADE).
    await tx.comment.delete({ where: { id: commentId } });
    // So do the notifications quoting them. Whoever was told of one is the item's owner or the
    // author of the comment it answered: someone in the thread, or — for the deleted comment itself —
    // its parent's author or, past depth 3, a sibling's (see the depth rule above).
    const recipients = [item.ownerId, ...thread.map((row) => row.user_id)];
    if (comment.parentCommentId) {
      const around = await tx.comment.findMany({
        where: { OR: [{ id: comment.parentCommentId }, { parentCommentId: comment.parentCommentId }] },
        select: { userId: true },
        distinct: ['userId'],
      });
      recipients.push(...around.map((row) => row.userId));
    }
    deliverLater(
      await retractNotificationsAbout(
        tx,
        recipients,
        'commentId',
        thread.map((row) => row.id),
      ),
    );
    const counts = await recount(tx, item);
    await emitCounts('comment.deleted', counts);
    return { deleted: thread.length, ...counts };
  });
}

type ListedCommentRow = { id: string; key: string };

/**
 * An item's comments, oldest first, flat with parent ids and depth (a reply always comes after its
 * parent, so a client builds the tree as pages arrive); keyset-paged on (created_at, id).
 */
export async function listComments(
  db: Db,
  viewerId: string | null,
  input: ListCommentsInput,
): Promise<Page<CommentView> & ItemCounts> {
  const item = await requireVisibleItem(db, viewerId, itemRefOf(input));
  const cursor = decodeKeyset(input.cursor);
  const onItem =
    item.kind === 'user_model'
      ? Prisma.sql`c.user_model_id = ${item.id}::uuid`
      : Prisma.sql`c.battle_report_id = ${item.id}::uuid`;
  const visible = Prisma.sql`
    FROM comments c
    JOIN users u ON u.id = c.user_id
    LEFT JOIN comments p ON p.id = c.parent_comment_id
    LEFT JOIN users pu ON pu.id = p.user_id
    LEFT JOIN comments g ON g.id = p.parent_comment_id
    LEFT JOIN users gu ON gu.id = g.user_id
    WHERE ${onItem}
      AND ${listedPersonSql('u', viewerId)}
      AND (p.id IS NULL OR ${listedPersonSql('pu', viewerId)})
      AND (g.id IS NULL OR ${listedPersonSql('gu', viewerId)})`;
  const [rows, [total], counts] = await Promise.all([
    db.$queryRaw<ListedCommentRow[]>`
      SELECT c.id::text, ${timestampKeySql('c.created_at')} AS key
      ${visible} ${afterKeyset(cursor, { time: 'c.created_at', id: 'c.id' }, 'asc')}
      ORDER BY c.created_at ASC, c.id ASC
      LIMIT ${input.limit + 1}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total ${visible}`,
    readCounts(db, item),
  ]);
  const loaded = await db.comment.findMany({
    where: { id: { in: rows.slice(0, input.limit).map((row) => row.id) } },
    select: commentSelect,
  });
  const byId = new Map(loaded.map((row) => [row.id, toCommentView(row, viewerId, item)]));
  // A comment deleted between the two reads is left out of this page, not shown half-loaded.
  const page = pageOf(
    rows,
    input.limit,
    (row) => row.id,
    (row) => byId.get(row.id),
    total?.total ?? 0,
  );
  return {
    ...page,
    items: page.items.filter((comment): comment is CommentView => comment !== undefined),
    ...counts,
  };
}
