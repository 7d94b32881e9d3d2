import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend } from '../../test/fixtures/relationships.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser } from '../../test/users.ts';
import { expectTrpcError } from '../auth/testing.ts';
import { countersStream } from './items.ts';
import { BAD_ID, createBattleReport, createItem, notificationsOf, setPrivacy, warmUp } from './testing.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
  await warmUp(app);
});
afterAll(() => app.close());

const db = () => app.database.db;
const users = (count: number) => Promise.all(Array.from({ length: count }, () => createUser(app)));

const likeRows = (userModelId: string) => db().modelLike.count({ where: { userModelId } });
const likeCountOf = async (userModelId: string) =>
  (await db().userModel.findUniqueOrThrow({ where: { id: userModelId } })).likeCount;
const counterEvents = (kind: 'user_model' | 'battle_report', id: string) =>
  db().streamEvent.findMany({ where: { streamKey: countersStream({ kind, id }) }, orderBy: { seq: 'asc' } });

describe('liking a collection item', () => {
  it('likes idempotently, counts in the same transaction, lists the liker and tells the owner once', async () => {
    const [owner, fan] = await users(2);
    const item = await createItem(db(), owner!.id, { name: 'Lord Solar Leontus' });
    expect(await fan!.client.social.like.mutate({ userModelId: item })).toEqual({
      liked: true,
      likeCount: 1,
      commentCount: 0,
    });
    expect(await fan!.client.social.like.mutate({ userModelId: item })).toMatchObject({ likeCount: 1 });
    expect(await likeRows(item)).toBe(1);
    expect(await fan!.client.social.itemState.query({ userModelId: item })).toMatchObject({
      likeCount: 1,
      likedByMe: true,
    });

    const likers = await owner!.client.social.likers.query({ userModelId: item });
    expect(likers.total).toBe(1);
    expect(likers.items[0]!.user).toEqual({ id: fan!.id, username: fan!.username, avatarUrl: null });

    const [told] = await notificationsOf(db(), owner!.id, 'like');
    expect(told).toMatchObject({ title: `${fan!.username} liked your model`, message: 'Lord Solar Leontus' });
    expect(told!.data).toMatchObject({ actorId: fan!.id, userModelId: item });

    expect(await fan!.client.social.unlike.mutate({ userModelId: item })).toMatchObject({
      liked: false,
      likeCount: 0,
    });
    expect(await fan!.client.social.unlike.mutate({ userModelId: item })).toMatchObject({ likeCount: 0 });
    // Liking again within the window counts again but does not notify again.
    expect(await fan!.client.social.like.mutate({ userModelId: item })).toMatchObject({ likeCount: 1 });
    expect(await notificationsOf(db(), owner!.id, 'like')).toHaveLength(1);
    // Three effective changes, three counter events; the repeated like and unlike wrote none.
    expect((await counterEvents('user_model', item)).map((event) => event.payload)).toEqual([
      { cause: 'like', likeCount: 1, commentCount: 0 },
      { cause: 'unlike', likeCount: 0, commentCount: 0 },
      { cause: 'like', likeCount: 1, commentCount: 0 },
    ]);
  });

  it('counts exactly under 20 concurrent likers and 10 concurrent duplicates from one of them', async () => {
    const [owner, ...fans] = await users(21);
    const item = await createItem(db(), owner!.id);
    const repeater = fans[0]!;
    await Promise.all([
      ...fans.map((fan) => fan.client.social.like.mutate({ userModelId: item })),
      ...Array.from({ length: 10 }, () => repeater.client.social.like.mutate({ userModelId: item })),
    ]);
    expect(await likeRows(item)).toBe(20);
    expect(await likeCountOf(item)).toBe(20);
    const events = await counterEvents('user_model', item);
    expect(events.map((event) => Number(event.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(events.map((event) => (event.payload as { likeCount: number }).likeCount)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await notificationsOf(db(), owner!.id, 'like')).toHaveLength(20);

    await Promise.all([
      ...fans.slice(0, 5).map((fan) => fan.client.social.unlike.mutate({ userModelId: item })),
      ...Array.from({ length: 5 }, () => repeater.client.social.unlike.mutate({ userModelId: item })),
    ]);
    expect(await likeRows(item)).toBe(15);
    expect(await likeCountOf(item)).toBe(15);
  }, 60_000); // 21 sign-ups and 40 likes on a shared machine

  it('does not notify the owner of their own like', async () => {
    const [owner] = await users(1);
    const item = await createItem(db(), owner!.id);
    expect(await owner!.client.social.like.mutate({ userModelId: item })).toMatchObject({ likeCount: 1 });
    expect(await notificationsOf(db(), owner!.id)).toEqual([]);
  });

  it('refuses what the viewer may not see — private items, hidden owners, blocks — writing nothing', async () => {
    const [owner, stranger, friend, blocked] = await users(4);
    const privateItem = await createItem(db(), owner!.id, { isPublic: false });
    await expectTrpcError(stranger!.client.social.like.mutate({ userModelId: privateItem }), 'NOT_FOUND');
    await expectTrpcError(stranger!.client.social.likers.query({ userModelId: privateItem }), 'NOT_FOUND');

    await setPrivacy(db(), owner!.id, 'friends');
    await befriend(db(), owner!.id, friend!.id);
    const item = await createItem(db(), owner!.id);
    await expectTrpcError(stranger!.client.social.like.mutate({ userModelId: item }), 'NOT_FOUND');
    await expectTrpcError(app.client().social.itemState.query({ userModelId: item }), 'NOT_FOUND');
    expect(await friend!.client.social.like.mutate({ userModelId: item })).toMatchObject({ likeCount: 1 });

    await owner!.client.social.block.mutate({ userId: blocked!.id });
    await setPrivacy(db(), owner!.id, 'public');
    await expectTrpcError(blocked!.client.social.like.mutate({ userModelId: item }), 'NOT_FOUND');
    await expectTrpcError(blocked!.client.social.unlike.mutate({ userModelId: item }), 'NOT_FOUND');
    expect(await likeRows(item)).toBe(1);
    expect(await likeRows(privateItem)).toBe(0);
  });

  it('rejects bad input and visitors with typed errors, writing nothing', async () => {
    const [owner, fan] = await users(2);
    const item = await createItem(db(), owner!.id);
    const reportId = await createBattleReport(db(), owner!.id);
    const both = await expectTrpcError(
      fan!.client.social.like.mutate({ userModelId: item, battleReportId: reportId }),
      'BAD_REQUEST',
    );
    expect(both.data?.zod?.formErrors).toEqual(['Name exactly one item: userModelId or battleReportId']);
    await expectTrpcError(fan!.client.social.like.mutate({}), 'BAD_REQUEST');
    const badId = await expectTrpcError(fan!.client.social.like.mutate({ userModelId: 'x' }), 'BAD_REQUEST');
    expect(badId.data?.zod?.fieldErrors).toHaveProperty('userModelId');
    await expectTrpcError(
      fan!.client.social.like.mutate({ userModelId: item, extra: 1 } as { userModelId: string }),
      'BAD_REQUEST',
    );
    await expectTrpcError(fan!.client.social.like.mutate({ userModelId: BAD_ID }), 'NOT_FOUND');
    await expectTrpcError(app.client().social.like.mutate({ userModelId: item }), 'UNAUTHORIZED');
    await expectTrpcError(fan!.client.social.likers.query({ userModelId: item, limit: 101 }), 'BAD_REQUEST');
    expect(await db().modelLike.count({ where: { userModelId: item } })).toBe(0);
    expect(await db().battleReportLike.count({ where: { battleReportId: reportId } })).toBe(0);
    expect(await counterEvents('user_model', item)).toEqual([]);
  });
});

describe('who liked this', () => {
  it('pages newest first and leaves out likers hidden from the viewer', async () => {
    const [owner, viewer, hermit, shy, blocked, blocker, ...others] = await users(9);
    const item = await createItem(db(), owner!.id);
    for (const fan of [hermit!, shy!, blocked!, blocker!, ...others])
      await fan.client.social.like.mutate({ userModelId: item });
    await setPrivacy(db(), hermit!.id, 'private');
    await setPrivacy(db(), shy!.id, 'friends');
    await viewer!.client.social.block.mutate({ userId: blocked!.id });
    await blocker!.client.social.block.mutate({ userId: viewer!.id });

    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await viewer!.client.social.likers.query({ userModelId: item, limit: 2, cursor });
      expect(page.total).toBe(4); // shy (as a card) and the three others
      ids.push(...page.items.map((liker) => liker.user.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toEqual(
      [...others]
        .reverse()
        .map((u) => u.id)
        .concat(shy!.id),
    );
    // The like counter counts every like; the list shows the people this viewer may see.
    expect(await likeCountOf(item)).toBe(7);
    const seenByVisitor = await app.client().social.likers.query({ userModelId: item, limit: 100 });
    expect(seenByVisitor.items.map((liker) => liker.user.id).sort()).toEqual(
      [shy!, blocked!, blocker!, ...others].map((u) => u.id).sort(),
    );
  });
});

describe('liking a battle report', () => {
  it('follows the report’s own visibility and counts on battle_reports', async () => {
    const [author, friend, stranger] = await users(3);
    await befriend(db(), author!.id, friend!.id);
    const open = await createBattleReport(db(), author!.id, 'public');
    const friendsOnly = await createBattleReport(db(), author!.id, 'friends');
    const secret = await createBattleReport(db(), author!.id, 'private');

    expect(await stranger!.client.social.like.mutate({ battleReportId: open })).toMatchObject({
      likeCount: 1,
    });
    expect(await friend!.client.social.like.mutate({ battleReportId: open })).toMatchObject({ likeCount: 2 });
    await expectTrpcError(stranger!.client.social.like.mutate({ battleReportId: friendsOnly }), 'NOT_FOUND');
    expect(await friend!.client.social.like.mutate({ battleReportId: friendsOnly })).toMatchObject({
      likeCount: 1,
    });
    await expectTrpcError(friend!.client.social.like.mutate({ battleReportId: secret }), 'NOT_FOUND');
    expect(await author!.client.social.like.mutate({ battleReportId: secret })).toMatchObject({
      likeCount: 1,
    });

    const counts = await db().battleReport.findMany({
      where: { id: { in: [open, friendsOnly, secret] } },
      select: { id: true, likeCount: true },
    });
    expect(Object.fromEntries(counts.map((row) => [row.id, row.likeCount]))).toEqual({
      [open]: 2,
      [friendsOnly]: 1,
      [secret]: 1,
    });
    const told = await notificationsOf(db(), author!.id, 'like');
    expect(told).toHaveLength(3); // not for the author's own like
    expect(told[0]).toMatchObject({ title: `${stranger!.username} liked your battle report` });
    expect(told[0]!.data).toMatchObject({ battleReportId: open });
    const likers = await author!.client.social.likers.query({ battleReportId: open });
    expect(likers.items.map((liker) => liker.user.id)).toEqual([friend!.id, stranger!.id]);
  });
});
