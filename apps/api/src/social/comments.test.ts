import { SOCIAL_LIMITS } from '@plastic-crack/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend } from '../../test/fixtures/relationships.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { expectTrpcError } from '../auth/testing.ts';
import { countersStream } from './items.ts';
import {
  BAD_ID,
  createBattleReport,
  createItem,
  notificationsOf,
  setPrivacy,
  verifiedUsers,
  warmUp,
} from './testing.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
  await warmUp(app);
});
afterAll(() => app.close());

const db = () => app.database.db;
const commentCountOf = async (userModelId: string) =>
  (await db().userModel.findUniqueOrThrow({ where: { id: userModelId } })).commentCount;
const commentRows = (userModelId: string) => db().comment.count({ where: { userModelId } });

const say = (user: TestUser, userModelId: string, content: string, parentCommentId?: string) =>
  user.client.social.addComment.mutate({ userModelId, content, parentCommentId });

async function allComments(viewer: TestUser | null, userModelId: string, limit = 100) {
  const client = viewer ? viewer.client : app.client();
  const ids: string[] = [];
  let cursor: string | undefined;
  const totals = new Set<number>();
  do {
    const page = await client.social.comments.query({ userModelId, limit, cursor });
    totals.add(page.total);
    ids.push(...page.items.map((comment) => comment.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  // Every page reports the same total: the whole list as this viewer sees it.
  expect(totals.size).toBe(1);
  return { ids, total: [...totals][0]! };
}

describe('commenting', () => {
  it('posts, counts, lists and notifies the owner; the author edits; the owner or author deletes', async () => {
    const [owner, fan, other] = await verifiedUsers(app, 3);
    const item = await createItem(db(), owner!.id, { name: 'Ghazghkull Thraka' });
    const comment = await say(fan!, item, '  Those freehand glyphs are something else!  ');
    expect(comment).toMatchObject({
      item: { userModelId: item },
      parentCommentId: null,
      depth: 1,
      author: { id: fan!.id, username: fan!.username },
      content: 'Those freehand glyphs are something else!',
      isEdited: false,
      canEdit: true,
      canDelete: true,
    });
    expect(await commentCountOf(item)).toBe(1);
    const [told] = await notificationsOf(db(), owner!.id, 'comment');
    expect(told).toMatchObject({
      title: `${fan!.username} commented on your model`,
      message: 'Those freehand glyphs are something else!',
    });
    expect(told!.data).toMatchObject({ actorId: fan!.id, userModelId: item, commentId: comment.id });

    const listed = await owner!.client.social.comments.query({ userModelId: item });
    expect(listed).toMatchObject({ total: 1, commentCount: 1, likeCount: 0, nextCursor: null });
    expect(listed.items[0]).toMatchObject({ id: comment.id, canEdit: false, canDelete: true });

    const edited = await fan!.client.social.editComment.mutate({
      commentId: comment.id,
      content: 'Those freehand glyphs are unreal.',
    });
    expect(edited).toMatchObject({ content: 'Those freehand glyphs are unreal.', isEdited: true });
    await expectTrpcError(
      owner!.client.social.editComment.mutate({ commentId: comment.id, content: 'Nice' }),
      'FORBIDDEN',
    );
    await expectTrpcError(other!.client.social.deleteComment.mutate({ commentId: comment.id }), 'FORBIDDEN');
    expect((await db().comment.findUniqueOrThrow({ where: { id: comment.id } })).content).toBe(
      'Those freehand glyphs are unreal.',
    );

    const mine = await say(other!, item, 'Agreed');
    expect(await other!.client.social.deleteComment.mutate({ commentId: mine.id })).toMatchObject({
      deleted: 1,
      commentCount: 1,
    });
    expect(await owner!.client.social.deleteComment.mutate({ commentId: comment.id })).toMatchObject({
      deleted: 1,
      commentCount: 0,
    });
    expect(await commentRows(item)).toBe(0);
    await expectTrpcError(owner!.client.social.deleteComment.mutate({ commentId: comment.id }), 'NOT_FOUND');
    // Counter events: two added, two deleted — the counts after each.
    const events = await db().streamEvent.findMany({
      where: { streamKey: countersStream({ kind: 'user_model', id: item }) },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((event) => event.payload)).toEqual([
      { cause: 'comment.added', likeCount: 0, commentCount: 1 },
      { cause: 'comment.added', likeCount: 0, commentCount: 2 },
      { cause: 'comment.deleted', likeCount: 0, commentCount: 1 },
      { cause: 'comment.deleted', likeCount: 0, commentCount: 0 },
    ]);
  });

  it('does not notify the owner of their own comment', async () => {
    const [owner] = await verifiedUsers(app, 1);
    const item = await createItem(db(), owner!.id);
    await say(owner!, item, 'Finally finished the base.');
    expect(await notificationsOf(db(), owner!.id)).toEqual([]);
  });

  it('needs a confirmed e-mail address to post or edit, and a session', async () => {
    const [owner] = await verifiedUsers(app, 1);
    const unverified = await createUser(app);
    const item = await createItem(db(), owner!.id);
    const refused = await expectTrpcError(say(unverified, item, 'First!'), 'FORBIDDEN');
    expect(refused.message).toMatch(/Confirm your e-mail/);
    await expectTrpcError(
      app.client().social.addComment.mutate({ userModelId: item, content: 'Hi' }),
      'UNAUTHORIZED',
    );
    expect(await commentRows(item)).toBe(0);
  });

  it('rejects bad input with typed errors and writes nothing', async () => {
    const [owner, fan] = await verifiedUsers(app, 2);
    const item = await createItem(db(), owner!.id);
    const elsewhere = await createItem(db(), owner!.id);
    const foreign = await say(owner!, elsewhere, 'On another item');
    const before = { comments: await db().comment.count(), notifications: await db().notification.count() };

    const empty = await expectTrpcError(say(fan!, item, '   '), 'BAD_REQUEST');
    expect(empty.data?.zod?.fieldErrors).toHaveProperty('content');
    await expectTrpcError(say(fan!, item, 'x'.repeat(SOCIAL_LIMITS.commentLength + 1)), 'BAD_REQUEST');
    await expectTrpcError(say(fan!, item, 'bell\u0007'), 'BAD_REQUEST');
    await expectTrpcError(
      fan!.client.social.addComment.mutate({ userModelId: item, battleReportId: item, content: 'Hi' }),
      'BAD_REQUEST',
    );
    const wrongParent = await expectTrpcError(say(fan!, item, 'Reply', foreign.id), 'BAD_REQUEST');
    expect(wrongParent.data?.zod).toBeNull();
    await expectTrpcError(say(fan!, item, 'Reply', BAD_ID), 'NOT_FOUND');
    await expectTrpcError(say(fan!, BAD_ID, 'Hi'), 'NOT_FOUND');
    await expectTrpcError(
      fan!.client.social.editComment.mutate({ commentId: foreign.id, content: '' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(fan!.client.social.deleteComment.mutate({ commentId: 'nope' }), 'BAD_REQUEST');
    await expectTrpcError(
      fan!.client.social.comments.query({ userModelId: item, cursor: '!' }),
      'BAD_REQUEST',
    );
    expect({ comments: await db().comment.count(), notifications: await db().notification.count() }).toEqual(
      before,
    );
    // Exactly 2,000 characters is fine.
    expect((await say(fan!, item, 'x'.repeat(SOCIAL_LIMITS.commentLength))).content).toHaveLength(2_000);
  });

  it(`limits a user to ${SOCIAL_LIMITS.commentsPerWindow} comments per window`, async () => {
    const [owner, chatty] = await verifiedUsers(app, 2);
    const item = await createItem(db(), owner!.id);
    for (let i = 0; i < SOCIAL_LIMITS.commentsPerWindow; i += 1) await say(chatty!, item, `Comment ${i}`);
    await expectTrpcError(say(chatty!, item, 'One more'), 'TOO_MANY_REQUESTS');
    expect(await commentRows(item)).toBe(SOCIAL_LIMITS.commentsPerWindow);
  });
});

describe('threads', () => {
  it('nests to depth 3; a reply to depth 3 joins its parent’s thread and tells whom it answered', async () => {
    const [owner, ann, ben, cat, dee] = await verifiedUsers(app, 5);
    const item = await createItem(db(), owner!.id);
    const top = await say(ann!, item, 'What primer did you use?');
    const second = await say(ben!, item, 'Looks like Wraithbone', top.id);
    const third = await say(cat!, item, 'Could be Grey Seer', second.id);
    const fourth = await say(dee!, item, 'It is Grey Seer, I asked', third.id);
    expect([top.depth, second.depth, third.depth, fourth.depth]).toEqual([1, 2, 3, 3]);
    expect(fourth.parentCommentId).toBe(second.id);

    // Replied-to authors hear of it; the owner hears of every comment on their model.
    expect((await notificationsOf(db(), ann!.id, 'comment')).map((n) => n.title)).toEqual([
      `${ben!.username} replied to your comment`,
    ]);
    expect((await notificationsOf(db(), cat!.id, 'comment')).map((n) => n.title)).toEqual([
      `${dee!.username} replied to your comment`,
    ]);
    expect(await notificationsOf(db(), owner!.id, 'comment')).toHaveLength(4);
    expect(await notificationsOf(db(), dee!.id)).toEqual([]);

    const listed = await owner!.client.social.comments.query({ userModelId: item });
    expect(listed.items.map((comment) => [comment.id, comment.parentCommentId, comment.depth])).toEqual([
      [top.id, null, 1],
      [second.id, top.id, 2],
      [third.id, second.id, 3],
      [fourth.id, second.id, 3],
    ]);

    // The owner tells only one person when they reply to a comment (not themselves twice).
    await say(owner!, item, 'Grey Seer, yes', top.id);
    expect(await notificationsOf(db(), owner!.id, 'comment')).toHaveLength(4);
    expect(await notificationsOf(db(), ann!.id, 'comment')).toHaveLength(2);

    // Deleting the reply past depth 3 withdraws what its notifications quoted, from whom it answered too.
    expect(await dee!.client.social.deleteComment.mutate({ commentId: fourth.id })).toMatchObject({
      deleted: 1,
      commentCount: 4,
    });
    expect(await notificationsOf(db(), cat!.id)).toEqual([]);
    expect(await notificationsOf(db(), owner!.id, 'comment')).toHaveLength(3);

    // Deleting the top comment removes its thread; the counter drops by all of it, and no
    // notification quoting any of it is left.
    expect(await ann!.client.social.deleteComment.mutate({ commentId: top.id })).toMatchObject({
      deleted: 4,
      commentCount: 0,
    });
    expect(await commentRows(item)).toBe(0);
    const everyone = [owner!, ann!, ben!, cat!, dee!].map((user) => user.id);
    expect(await db().notification.count({ where: { userId: { in: everyone }, type: 'comment' } })).toBe(0);
  });

  it('pages oldest first, a reply always after its parent, without repeats or gaps', async () => {
    const [owner, ann] = await verifiedUsers(app, 2);
    const item = await createItem(db(), owner!.id);
    const posted: string[] = [];
    for (let i = 0; i < 7; i += 1)
      posted.push((await say(i % 2 ? ann! : owner!, item, `Note ${i}`, i === 3 ? posted[0] : undefined)).id);
    const { ids, total } = await allComments(ann!, item, 3);
    expect(total).toBe(7);
    expect(ids).toEqual(posted);
  });
});

describe('who sees which comments', () => {
  it('hides blocked users’ comments from each other, with the replies under them', async () => {
    const [owner, ann, ben, cat] = await verifiedUsers(app, 4);
    const item = await createItem(db(), owner!.id);
    const annTop = await say(ann!, item, 'Ann here');
    const catReply = await say(cat!, item, 'Cat replying to Ann', annTop.id);
    const benTop = await say(ben!, item, 'Ben here');
    await ben!.client.social.block.mutate({ userId: ann!.id });

    expect((await allComments(ben!, item)).ids).toEqual([benTop.id]);
    expect((await allComments(ann!, item)).ids).toEqual([annTop.id, catReply.id]);
    expect((await allComments(cat!, item)).ids).toEqual([annTop.id, catReply.id, benTop.id]);
    expect((await allComments(null, item)).total).toBe(3);
    // The counter counts every comment; each viewer's list total counts what they see.
    expect(await commentCountOf(item)).toBe(3);
    // Neither can reply to, edit or delete what is hidden from them.
    await expectTrpcError(say(ben!, item, 'Reply', catReply.id), 'NOT_FOUND');
    await expectTrpcError(say(ann!, item, 'Reply', benTop.id), 'NOT_FOUND');
    await expectTrpcError(ben!.client.social.deleteComment.mutate({ commentId: annTop.id }), 'NOT_FOUND');
  });

  it('refuses comments on what the viewer may not see', async () => {
    const [owner, friend, stranger, grump] = await verifiedUsers(app, 4);
    await setPrivacy(db(), owner!.id, 'friends');
    await befriend(db(), owner!.id, friend!.id);
    const item = await createItem(db(), owner!.id);
    const privateItem = await createItem(db(), owner!.id, { isPublic: false });
    await expectTrpcError(say(stranger!, item, 'Hello?'), 'NOT_FOUND');
    await expectTrpcError(say(friend!, privateItem, 'Hello?'), 'NOT_FOUND');
    await expectTrpcError(stranger!.client.social.comments.query({ userModelId: item }), 'NOT_FOUND');
    expect((await say(friend!, item, 'Lovely edge highlights')).depth).toBe(1);

    await setPrivacy(db(), owner!.id, 'public');
    await owner!.client.social.block.mutate({ userId: grump!.id });
    await expectTrpcError(say(grump!, item, 'Meh'), 'NOT_FOUND');
    expect(await commentRows(item)).toBe(1);
    expect(await commentRows(privateItem)).toBe(0);
  });

  it('does not tell a replied-to author about an item they can no longer see', async () => {
    const [owner, ann, ben] = await verifiedUsers(app, 3);
    const item = await createItem(db(), owner!.id);
    const annComment = await say(ann!, item, 'Is that Nuln Oil?');
    await owner!.client.social.block.mutate({ userId: ann!.id });
    // Ben still sees Ann's comment (nothing between them) and answers it; Ann is not told.
    await say(ben!, item, 'Looks like Agrax to me', annComment.id);
    expect(await notificationsOf(db(), ann!.id)).toEqual([]);
    expect((await notificationsOf(db(), owner!.id, 'comment')).map((n) => n.data)).toEqual([
      expect.objectContaining({ actorId: ben!.id }),
    ]);
  });

  it('asks a private profile to open up before commenting on others’ items', async () => {
    const [owner, hermit] = await verifiedUsers(app, 2);
    await setPrivacy(db(), hermit!.id, 'private');
    const item = await createItem(db(), owner!.id);
    const refused = await expectTrpcError(say(hermit!, item, 'Hi'), 'FORBIDDEN');
    expect(refused.message).toMatch(/profile is private/);
    const own = await createItem(db(), hermit!.id);
    expect((await say(hermit!, own, 'Note to self')).depth).toBe(1);
  });

  it('comments on battle reports under the report’s visibility, counting on battle_reports', async () => {
    const [author, friend, stranger] = await verifiedUsers(app, 3);
    await befriend(db(), author!.id, friend!.id);
    const report = await createBattleReport(db(), author!.id, 'friends');
    await expectTrpcError(
      stranger!.client.social.addComment.mutate({ battleReportId: report, content: 'gg' }),
      'NOT_FOUND',
    );
    const comment = await friend!.client.social.addComment.mutate({ battleReportId: report, content: 'gg' });
    expect(comment.item).toEqual({ battleReportId: report });
    expect((await db().battleReport.findUniqueOrThrow({ where: { id: report } })).commentCount).toBe(1);
    expect((await notificationsOf(db(), author!.id, 'comment'))[0]).toMatchObject({
      title: `${friend!.username} commented on your battle report`,
    });
    const listed = await author!.client.social.comments.query({ battleReportId: report });
    expect(listed.items.map((c) => c.id)).toEqual([comment.id]);
    await author!.client.social.deleteComment.mutate({ commentId: comment.id });
    expect((await db().battleReport.findUniqueOrThrow({ where: { id: report } })).commentCount).toBe(0);
  });
});
