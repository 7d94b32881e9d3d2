import { feedHomeInput, feedUserInput, type FeedNewEvent } from '@plastic-crack/api-contract';
import type { Db } from '@plastic-crack/db';
import { createTestDatabase, type TestDatabase } from '@plastic-crack/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, block, follow, insertUser } from '../../test/fixtures/relationships.ts';
import { addItemInput } from '@plastic-crack/api-contract';
import { addItem, setStage, updateItem } from '../collection/service.ts';
import { createInProcessBus } from '../infra/bus.ts';
import { createLogger } from '../logger.ts';
import { follow as followThroughService } from '../social/relationships.ts';
import {
  announceActivity,
  homeFeed,
  newFeedItems,
  recordActivity,
  userFeed,
  type RecordActivityInput,
} from './service.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.drop());

const record = (input: RecordActivityInput) => db.$transaction((tx) => recordActivity(tx, input));

/** Activities at explicit times, so ordering and grouping do not depend on the clock. */
async function recordAt(userId: string, type: RecordActivityInput['type'], at: Date, entityId?: string) {
  await db.$executeRaw`
    INSERT INTO activities (user_id, activity_type, entity_type, entity_id, data, created_at)
    VALUES (${userId}::uuid, ${type}::activity_type, ${entityId ? 'user_model' : null},
            ${entityId ?? null}::uuid, '{}'::jsonb, ${at})`;
}

const item = (userId: string, isPublic = true) =>
  db.userModel.create({ data: { userId, name: 'Intercessor', isPublic }, select: { id: true } });

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('recordActivity', () => {
  it('writes a row into the partitioned activities table, inside the caller transaction', async () => {
    const user = await insertUser(db);
    await record({
      userId: user.id,
      type: 'army_created',
      entityType: 'army',
      data: { name: 'Ultramarines' },
    });
    const rows = await db.$queryRaw<{ tableoid: string; activity_type: string }[]>`
      SELECT tableoid::regclass::text AS tableoid, activity_type::text FROM activities WHERE user_id = ${user.id}::uuid`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.activity_type).toBe('army_created');
    expect(rows[0]!.tableoid).toMatch(/^activities_\d{4}_\d{2}$/); // a monthly partition, not the default

    // Rolled back with its transaction.
    await expect(
      db.$transaction(async (tx) => {
        await recordActivity(tx, { userId: user.id, type: 'model_added' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.activity.count({ where: { userId: user.id } })).toBe(1);
  });

  it('rejects an unknown activity type at the database', async () => {
    const user = await insertUser(db);
    await expect(record({ userId: user.id, type: 'not_a_type' as never })).rejects.toThrow();
  });
});

describe('feed.home', () => {
  it('shows me and the people I follow, newest first, and not strangers', async () => {
    const me = await insertUser(db);
    const followed = await insertUser(db);
    const stranger = await insertUser(db);
    await follow(db, me.id, followed.id);
    await recordAt(me.id, 'army_created', minutesAgo(30));
    await recordAt(followed.id, 'user_followed', minutesAgo(20));
    await recordAt(stranger.id, 'army_created', minutesAgo(10));
    const page = await homeFeed(db, me.id, {});
    expect(page.entries.map((entry) => [entry.actor.username, entry.type])).toEqual([
      [followed.username, 'user_followed'],
      [me.username, 'army_created'],
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it('hides private items, owners the rule hides, and blocked users either way; shows friends-only friends', async () => {
    const me = await insertUser(db);
    const privateOwner = await insertUser(db, { privacySetting: 'private' });
    const friendsOnly = await insertUser(db, { privacySetting: 'friends' });
    const friend = await insertUser(db, { privacySetting: 'friends' });
    const blocker = await insertUser(db);
    const blocked = await insertUser(db);
    const deactivated = await insertUser(db, { isActive: false });
    const publicOwner = await insertUser(db);
    for (const other of [privateOwner, friendsOnly, blocker, blocked, deactivated, publicOwner])
      await follow(db, me.id, other.id);
    await befriend(db, me.id, friend.id);
    await block(db, blocker.id, me.id); // also removes nothing of mine: I follow them one way
    await follow(db, me.id, blocker.id);
    await block(db, me.id, blocked.id);

    const publicItem = await item(publicOwner.id, true);
    const hiddenItem = await item(publicOwner.id, false);
    for (const [index, user] of [privateOwner, friendsOnly, friend, blocker, blocked, deactivated].entries())
      await recordAt(user.id, 'army_created', minutesAgo(100 - index));
    await recordAt(publicOwner.id, 'model_painted', minutesAgo(50), publicItem.id);
    await recordAt(publicOwner.id, 'model_painted', minutesAgo(49), hiddenItem.id);

    const seen = (await homeFeed(db, me.id, {})).entries.map((entry) => [entry.actor.id, entry.entityId]);
    expect(seen).toEqual([
      [publicOwner.id, publicItem.id],
      [friend.id, null],
    ]);

    // The owner of the private item sees it in their own profile feed; others do not.
    const own = await userFeed(db, publicOwner.id, { username: publicOwner.username });
    expect(own.entries.map((entry) => entry.entityId)).toEqual([hiddenItem.id, publicItem.id]);
  });

  it('pages on (created_at, id) without gaps or repeats, including rows with the same timestamp', async () => {
    const me = await insertUser(db);
    const followed = await insertUser(db);
    await follow(db, me.id, followed.id);
    const at = minutesAgo(5);
    for (let index = 0; index < 7; index += 1) await recordAt(followed.id, 'user_followed', at);
    for (let index = 0; index < 6; index += 1) await recordAt(me.id, 'army_created', minutesAgo(10 + index));
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await homeFeed(db, me.id, { cursor, limit: 4 });
      ids.push(...page.entries.map((entry) => entry.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(ids).toHaveLength(13);
    expect(new Set(ids).size).toBe(13);
  });

  it('groups consecutive model_added by one user within an hour, with their ids', async () => {
    const me = await insertUser(db);
    const painter = await insertUser(db);
    await follow(db, me.id, painter.id);
    const items = [];
    for (let index = 0; index < 12; index += 1) {
      const created = await item(painter.id);
      items.push(created.id);
      await recordAt(painter.id, 'model_added', minutesAgo(200 - index * 5), created.id); // 55 min span
    }
    const late = await item(painter.id);
    await recordAt(painter.id, 'model_added', minutesAgo(200 - 11 * 5 - 70), late.id); // > 1 h after the group
    const early = await item(painter.id);
    await recordAt(painter.id, 'model_added', minutesAgo(300), early.id);
    const entries = (await homeFeed(db, me.id, {})).entries;
    expect(entries.map((entry) => entry.count)).toEqual([1, 12, 1]);
    expect(entries[1]!.entityIds).toEqual([...items].reverse());
    expect(entries[0]!.entityIds).toEqual([late.id]);
  });

  it('rejects bad input: a limit over 50, a forged cursor', async () => {
    expect(feedHomeInput.safeParse({ limit: 51 }).success).toBe(false);
    expect(feedHomeInput.safeParse({ limit: 0 }).success).toBe(false);
    expect(feedHomeInput.safeParse({ cursor: 'not a cursor!' }).success).toBe(false);
    expect(feedUserInput.safeParse({ username: '' }).success).toBe(false);
    const me = await insertUser(db);
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    await expect(homeFeed(db, me.id, { cursor: forged })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('feed.user', () => {
  it('shows a public profile to strangers and signed-out viewers, NOT_FOUND when hidden', async () => {
    const owner = await insertUser(db);
    const friendsOnly = await insertUser(db, { privacySetting: 'friends' });
    const friend = await insertUser(db);
    const stranger = await insertUser(db);
    await befriend(db, friendsOnly.id, friend.id);
    await recordAt(owner.id, 'army_created', minutesAgo(3));
    await recordAt(friendsOnly.id, 'army_created', minutesAgo(3));
    expect((await userFeed(db, null, { username: owner.username })).entries).toHaveLength(1);
    expect((await userFeed(db, stranger.id, { username: owner.username })).entries).toHaveLength(1);
    expect((await userFeed(db, friend.id, { username: friendsOnly.username })).entries).toHaveLength(1);
    await expect(userFeed(db, stranger.id, { username: friendsOnly.username })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await block(db, owner.id, stranger.id);
    await expect(userFeed(db, stranger.id, { username: owner.username })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(userFeed(db, null, { username: 'nobody_here_x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('feed.onNew', () => {
  async function next(iterator: AsyncGenerator<FeedNewEvent>, ms = 5_000): Promise<FeedNewEvent> {
    const result = await Promise.race([
      iterator.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event')), ms)),
    ]);
    if (result.done) throw new Error('ended');
    return result.value;
  }

  it('counts new visible posts after the client position, live on a hint, and ignores strangers', async () => {
    const bus = createInProcessBus();
    const me = await insertUser(db);
    const followed = await insertUser(db);
    const stranger = await insertUser(db);
    await follow(db, me.id, followed.id);
    await recordAt(followed.id, 'army_created', minutesAgo(10));
    const first = await homeFeed(db, me.id, {});
    await recordAt(followed.id, 'army_created', minutesAgo(5)); // arrived while the client was away

    const controller = new AbortController();
    const events = await newFeedItems(
      { db, bus },
      me.id,
      { lastEventId: first.entries[0]!.cursor },
      controller.signal,
      {
        pollMs: 60_000,
        hintDelaysMs: [10],
      },
    );
    expect(await next(events)).toEqual({ type: 'feed.new', count: 1 });

    // A stranger's post, even announced, changes nothing; a followee's does.
    await record({ userId: stranger.id, type: 'army_created' });
    await announceActivity(bus, stranger.id);
    await record({ userId: followed.id, type: 'army_created' });
    await announceActivity(bus, followed.id);
    expect(await next(events)).toEqual({ type: 'feed.new', count: 2 });
    controller.abort();
    await events.return(undefined);
  });

  it('recounts on its poll without a hint, and a block takes the blocked user out of the count', async () => {
    const bus = createInProcessBus();
    const me = await insertUser(db);
    const followed = await insertUser(db);
    await follow(db, me.id, followed.id);
    const controller = new AbortController();
    const events = await newFeedItems({ db, bus }, me.id, {}, controller.signal, { pollMs: 100 });
    await record({ userId: followed.id, type: 'army_created' });
    expect(await next(events)).toEqual({ type: 'feed.new', count: 1 });
    await block(db, followed.id, me.id);
    expect(await next(events)).toEqual({ type: 'feed.new', count: 0 });
    controller.abort();
    await events.return(undefined);
  });
});

describe('activities written by the other domains', () => {
  const types = async (userId: string) =>
    (await db.activity.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } })).map((row) => [
      row.activityType,
      row.entityId,
    ]);

  it('collection: model_added, model_updated, model_painted once a stage reaches finished', async () => {
    const user = await insertUser(db);
    const created = await addItem(db, user.id, addItemInput.parse({ name: 'Dreadnought', quantity: 1 }));
    await updateItem(db, user.id, { id: created.id, notes: 'magnetised' });
    await setStage(db, user.id, created.id, 'primed'); // not painted yet: nothing
    await setStage(db, user.id, created.id, 'finished');
    await setStage(db, user.id, created.id, 'finished'); // unchanged: nothing
    await updateItem(db, user.id, { id: created.id, paintingStatus: 'showcase_ready' });
    expect(await types(user.id)).toEqual([
      ['model_added', created.id],
      ['model_updated', created.id],
      ['model_painted', created.id],
      ['model_painted', created.id],
    ]);
  });

  it('social: user_followed, shown only to viewers who may see the followed user', async () => {
    const services = {
      db,
      bus: createInProcessBus(),
      logger: createLogger({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }),
      redis: null,
    };
    const actor = await insertUser(db);
    const visible = await insertUser(db);
    const hidden = await insertUser(db, { privacySetting: 'private' });
    const watcher = await insertUser(db);
    await follow(db, watcher.id, actor.id);
    await followThroughService(services, { userId: actor.id, username: actor.username }, visible.id);
    await db.userRelationship.create({
      data: { followerId: actor.id, followingId: hidden.id, relationshipType: 'follow' },
    });
    await db.$transaction((tx) =>
      recordActivity(tx, {
        userId: actor.id,
        type: 'user_followed',
        entityType: 'user',
        entityId: hidden.id,
      }),
    );
    expect(await types(actor.id)).toEqual([
      ['user_followed', visible.id],
      ['user_followed', hidden.id],
    ]);
    const seen = (await homeFeed(db, watcher.id, {})).entries.map((entry) => entry.entityId);
    expect(seen).toEqual([visible.id]);
    // A comment on a private item is not shown either.
    const owner = await insertUser(db);
    const privateItem = await item(owner.id, false);
    await record({
      userId: actor.id,
      type: 'comment_added',
      entityType: 'comment',
      entityId: crypto.randomUUID(),
      data: { userModelId: privateItem.id, ownerId: owner.id },
    });
    expect((await homeFeed(db, watcher.id, {})).entries.map((entry) => entry.type)).toEqual([
      'user_followed',
    ]);
  });
});
