import type { ItemCountersStreamEvent, NotificationStreamEvent } from '@plastic-crack/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { collect, type Collected } from '../../test/realtime.ts';
import type { TestUser } from '../../test/users.ts';
import { expectTrpcError } from '../auth/testing.ts';
import { befriend } from '../../test/fixtures/relationships.ts';
import { createItem, setPrivacy, verifiedUsers, warmUp } from './testing.ts';

// The social side of real time over a real WebSocket: an item's counters and the owner's
// notifications, as a browser sees them.

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
  await warmUp(app);
});
afterAll(() => app.close());

const db = () => app.database.db;

type Counters = { id: string; data: ItemCountersStreamEvent };
type Notifications = { id: string; data: NotificationStreamEvent };

const socketOf = (user: TestUser | null) => app.wsClient({ headers: user ? { cookie: user.cookie } : {} });

function watchCounters(
  user: TestUser | null,
  userModelId: string,
  lastEventId?: string,
): Collected<Counters> {
  const socket = socketOf(user);
  return collect<Counters>((handlers) =>
    socket.client.social.onItemCounters.subscribe({ userModelId, lastEventId }, handlers),
  );
}

function watchNotifications(user: TestUser): Collected<Notifications> {
  const socket = socketOf(user);
  return collect<Notifications>((handlers) => socket.client.notifications.onEvent.subscribe({}, handlers));
}

const synced = (item: { data: { type: string } }) => item.data.type === 'stream.synced';
const counts = (items: Counters[]) =>
  items.flatMap((item) =>
    item.data.type === 'counters.changed'
      ? [[item.data.cause, item.data.likeCount, item.data.commentCount]]
      : [],
  );

describe('a like, live', () => {
  it('reaches the owner as a counter change and a notification', async () => {
    const [ada, bob] = await verifiedUsers(app, 2);
    const item = await createItem(db(), bob!.id, { name: 'Kharn the Betrayer' });
    const counters = watchCounters(bob!, item);
    const notifications = watchNotifications(bob!);
    await counters.waitFor(synced, 'counters synced');
    await notifications.waitFor(synced, 'notifications synced');

    await ada!.client.social.like.mutate({ userModelId: item });

    const change = await counters.waitFor(
      (event) => event.data.type === 'counters.changed',
      'a counter change',
    );
    expect(change.data).toMatchObject({
      type: 'counters.changed',
      item: { userModelId: item },
      cause: 'like',
      likeCount: 1,
      commentCount: 0,
    });
    const told = await notifications.waitFor(
      (event) => event.data.type === 'notification.created',
      'a notification',
    );
    expect(told.data).toMatchObject({
      type: 'notification.created',
      unreadCount: 1,
      notification: {
        type: 'like',
        title: `${ada!.username} liked your model`,
        message: 'Kharn the Betrayer',
        actor: { id: ada!.id, username: ada!.username },
        data: { actorId: ada!.id, userModelId: item },
        isRead: false,
      },
    });
    counters.stop();
    notifications.stop();
  });
});

describe('social.onItemCounters', () => {
  it('follows likes and comments in order, for anyone who may see the item, visitors included', async () => {
    const [owner, ann, ben] = await verifiedUsers(app, 3);
    const item = await createItem(db(), owner!.id);
    const watchers = [watchCounters(ann!, item), watchCounters(null, item)];
    for (const watcher of watchers) await watcher.waitFor(synced, 'synced');

    await ann!.client.social.like.mutate({ userModelId: item });
    await ben!.client.social.like.mutate({ userModelId: item });
    const comment = await ben!.client.social.addComment.mutate({
      userModelId: item,
      content: 'Blood for the blood god',
    });
    await ann!.client.social.unlike.mutate({ userModelId: item });
    await owner!.client.social.deleteComment.mutate({ commentId: comment.id });

    for (const watcher of watchers) {
      await watcher.waitForCount((event) => event.data.type === 'counters.changed', 5, 'five changes');
      expect(counts(watcher.items)).toEqual([
        ['like', 1, 0],
        ['like', 2, 0],
        ['comment.added', 2, 1],
        ['unlike', 1, 1],
        ['comment.deleted', 1, 0],
      ]);
      watcher.stop();
    }
  });

  it('resumes after lastEventId from itemState, missing nothing in between', async () => {
    const [owner, ann, ben] = await verifiedUsers(app, 3);
    const item = await createItem(db(), owner!.id);
    await ann!.client.social.like.mutate({ userModelId: item });
    const state = await owner!.client.social.itemState.query({ userModelId: item });
    expect(state).toMatchObject({ likeCount: 1, commentCount: 0, likedByMe: false, lastEventId: '1' });
    // Changes after the read and before the subscription are replayed.
    await ben!.client.social.like.mutate({ userModelId: item });
    const watcher = watchCounters(owner!, item, state.lastEventId);
    await watcher.waitFor(synced, 'synced');
    await owner!.client.social.like.mutate({ userModelId: item });
    await watcher.waitForCount((event) => event.data.type === 'counters.changed', 2, 'two changes');
    expect(counts(watcher.items)).toEqual([
      ['like', 2, 0],
      ['like', 3, 0],
    ]);
    expect(watcher.items.map((event) => event.id)).toEqual(['2', '2', '3']);
    watcher.stop();
  });

  it('opens to a friend of a friends-only owner; refuses what the viewer may not see, bad input, a blocked user', async () => {
    const [owner, stranger, blocked] = await verifiedUsers(app, 3);
    const privateItem = await createItem(db(), owner!.id, { isPublic: false });
    const item = await createItem(db(), owner!.id);
    await owner!.client.social.block.mutate({ userId: blocked!.id });
    for (const [viewer, target] of [
      [stranger!, privateItem],
      [null, privateItem],
      [blocked!, item],
    ] as const) {
      const watcher = watchCounters(viewer, target);
      expect(((await watcher.ended) as { data?: { code?: string } }).data?.code).toBe('NOT_FOUND');
    }
    // A friends-only owner's item: their friend may watch it, a stranger may not.
    const [shy, friend] = await verifiedUsers(app, 2);
    await setPrivacy(db(), shy!.id, 'friends');
    await befriend(db(), shy!.id, friend!.id);
    const shyItem = await createItem(db(), shy!.id);
    const friendWatch = watchCounters(friend!, shyItem);
    await friendWatch.waitFor(synced, 'synced for the friend');
    friendWatch.stop();
    const strangerWatch = watchCounters(stranger!, shyItem);
    expect(((await strangerWatch.ended) as { data?: { code?: string } }).data?.code).toBe('NOT_FOUND');

    const socket = socketOf(stranger!);
    await expectTrpcError(
      new Promise((resolve, reject) => {
        socket.client.social.onItemCounters.subscribe(
          { userModelId: 'not-an-id' },
          { onError: reject, onData: resolve, onComplete: () => resolve(null) },
        );
      }),
      'BAD_REQUEST',
    );
  });
});
