import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  type NotificationStreamEvent,
  type NotificationPreferences,
} from '@plastic-crack/api-contract';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { collect } from '../../test/realtime.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { expectTrpcError } from '../auth/testing.ts';
import { BAD_ID, createItem, notificationsOf, verifiedUsers, warmUp } from '../social/testing.ts';
import { createLogPushSender, usePushSender, type PushMessage, type PushSender } from './push.ts';
import { deliverNotifications, notify, settlePushes, type NotifyInput } from './service.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
  await warmUp(app);
});
afterAll(() => app.close());

const db = () => app.database.db;
const users = (count: number) => Promise.all(Array.from({ length: count }, () => createUser(app)));

/** Records every push; `failing` makes each send throw after recording it. */
function recordingSender(options: { failing?: boolean } = {}): PushSender & { sent: PushMessage[] } {
  const sent: PushMessage[] = [];
  return {
    name: 'recording',
    sent,
    async send(message) {
      sent.push(message);
      if (options.failing) throw new Error('push provider is down');
    },
  };
}
afterEach(() => usePushSender(app.services, createLogPushSender(app.services.logger)));

async function setPreferences(user: TestUser, change: Partial<NotificationPreferences>) {
  await db().user.update({
    where: { id: user.id },
    data: { notificationPreferences: { ...DEFAULT_NOTIFICATION_PREFERENCES, ...change } },
  });
}

async function addDevice(user: TestUser, deviceId: string, push: { token: string | null; enabled: boolean }) {
  return db().userDevice.create({
    data: { userId: user.id, deviceId, platform: 'ios', pushToken: push.token, pushEnabled: push.enabled },
  });
}

/** notify() the way a feature calls it: inside its transaction, delivered after commit. */
async function notifyNow(input: NotifyInput) {
  const delivery = await db().$transaction((tx) => notify(tx, input));
  await deliverNotifications(app.services, [delivery]);
  return delivery;
}

const system = (user: TestUser, title: string): NotifyInput => ({
  userId: user.id,
  type: 'system',
  title,
  message: 'Scheduled maintenance on Sunday',
});

describe('notify honours each user’s preferences', () => {
  it('stores in-app notifications and pushes to the devices that take them, after commit', async () => {
    const recorder = recordingSender();
    usePushSender(app.services, recorder);
    const [owner, fan] = await verifiedUsers(app, 2);
    const phone = await addDevice(owner!, 'phone', { token: 'apns-token-phone-000001', enabled: true });
    await addDevice(owner!, 'tablet', { token: 'apns-token-tablet-00002', enabled: false });
    await addDevice(owner!, 'old-phone', { token: null, enabled: true });
    const item = await createItem(db(), owner!.id);

    // Comments default to in-app and push.
    const comment = await fan!.client.social.addComment.mutate({
      userModelId: item,
      content: 'Clean lines!',
    });
    await settlePushes(app.services);
    const [stored] = await notificationsOf(db(), owner!.id, 'comment');
    expect(recorder.sent).toEqual([
      {
        deviceId: phone.id,
        platform: 'ios',
        token: 'apns-token-phone-000001',
        title: `${fan!.username} commented on your model`,
        body: 'Clean lines!',
        data: {
          type: 'comment',
          notificationId: stored!.id,
          actorId: fan!.id,
          userModelId: item,
          commentId: comment.id,
        },
      },
    ]);
    // Likes default to in-app only.
    await fan!.client.social.like.mutate({ userModelId: item });
    await settlePushes(app.services);
    expect(await notificationsOf(db(), owner!.id, 'like')).toHaveLength(1);
    expect(recorder.sent).toHaveLength(1);
  });

  it('writes no row when in-app is off, still pushes when push is on, and pushes a repeat once', async () => {
    const recorder = recordingSender();
    usePushSender(app.services, recorder);
    const [owner, fan] = await verifiedUsers(app, 2);
    await setPreferences(owner!, { like: { inApp: false, push: true, email: false } });
    await addDevice(owner!, 'phone', { token: 'fcm-token-0000000000001', enabled: true });
    const item = await createItem(db(), owner!.id);
    await fan!.client.social.like.mutate({ userModelId: item });
    await fan!.client.social.unlike.mutate({ userModelId: item });
    await fan!.client.social.like.mutate({ userModelId: item });
    await settlePushes(app.services);
    expect(await notificationsOf(db(), owner!.id)).toEqual([]);
    expect(recorder.sent.map((push) => push.title)).toEqual([`${fan!.username} liked your model`]);
    expect(recorder.sent[0]!.data).not.toHaveProperty('notificationId');
  });

  it('does nothing at all when both channels are off, or for a deactivated account', async () => {
    const recorder = recordingSender();
    usePushSender(app.services, recorder);
    const [quiet, gone] = await users(2);
    await setPreferences(quiet!, { system: { inApp: false, push: false, email: true } });
    await addDevice(quiet!, 'phone', { token: 'fcm-token-0000000000002', enabled: true });
    expect(await notifyNow(system(quiet!, 'Maintenance'))).toBeNull();
    await db().user.update({ where: { id: gone!.id }, data: { isActive: false } });
    expect(await notifyNow(system(gone!, 'Maintenance'))).toBeNull();
    await settlePushes(app.services);
    expect(await db().notification.count({ where: { userId: { in: [quiet!.id, gone!.id] } } })).toBe(0);
    expect(recorder.sent).toEqual([]);
  });

  it('logs a failing push and carries on: the action and the row stand', async () => {
    const recorder = recordingSender({ failing: true });
    usePushSender(app.services, recorder);
    const warn = vi.spyOn(app.services.logger, 'warn');
    const [owner, fan] = await verifiedUsers(app, 2);
    await addDevice(owner!, 'phone', { token: 'fcm-token-0000000000003', enabled: true });
    const item = await createItem(db(), owner!.id);
    const comment = await fan!.client.social.addComment.mutate({ userModelId: item, content: 'Nice basing' });
    await settlePushes(app.services);
    expect(recorder.sent).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ sender: 'recording', userId: owner!.id }),
      'push notification failed',
    );
    warn.mockRestore();
    expect(comment.content).toBe('Nice basing');
    expect(await notificationsOf(db(), owner!.id, 'comment')).toHaveLength(1);
  });

  it('clips an over-long title and message instead of failing the action', async () => {
    const [user] = await users(1);
    await notifyNow({ ...system(user!, 'T'.repeat(400)), message: 'M'.repeat(3_000) });
    const [stored] = await notificationsOf(db(), user!.id);
    expect(stored!.title).toHaveLength(255);
    expect(stored!.message).toHaveLength(2_000);
    expect(stored!.title.endsWith('…')).toBe(true);
  });

  it('reads stored preferences field by field: a malformed entry takes its default', async () => {
    const [user] = await users(1);
    await db().user.update({
      where: { id: user!.id },
      data: {
        notificationPreferences: { system: 'loud', like: { inApp: false, push: false, email: false } },
      },
    });
    expect(await notifyNow(system(user!, 'Hello'))).not.toBeNull();
    expect(await notifyNow({ userId: user!.id, type: 'like', title: 'Someone liked your model' })).toBeNull();
    expect(await notificationsOf(db(), user!.id)).toHaveLength(1);
  });
});

describe('the notification list', () => {
  it('pages newest first, counts unread, marks one and all read', async () => {
    const [ada, bob] = await users(2);
    for (let i = 0; i < 5; i += 1) await notifyNow(system(ada!, `Notice ${i}`));
    await notifyNow(system(bob!, 'For Bob'));

    const titles: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ada!.client.notifications.list.query({ limit: 2, cursor });
      expect(page.unreadCount).toBe(5);
      titles.push(...page.items.map((item) => item.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(titles).toEqual(['Notice 4', 'Notice 3', 'Notice 2', 'Notice 1', 'Notice 0']);

    const [newest] = (await ada!.client.notifications.list.query({ limit: 1 })).items;
    const read = await ada!.client.notifications.markRead.mutate({ notificationId: newest!.id });
    expect(read).toMatchObject({ notificationId: newest!.id, unreadCount: 4 });
    // Marking it again changes nothing (same read time).
    expect(await ada!.client.notifications.markRead.mutate({ notificationId: newest!.id })).toEqual(read);
    expect(await ada!.client.notifications.unreadCount.query()).toEqual({ unreadCount: 4 });
    const unread = await ada!.client.notifications.list.query({ unreadOnly: true });
    expect(unread.items.map((item) => item.title)).toEqual(['Notice 3', 'Notice 2', 'Notice 1', 'Notice 0']);

    expect(await ada!.client.notifications.markAllRead.mutate()).toEqual({ updated: 4, unreadCount: 0 });
    expect(await ada!.client.notifications.markAllRead.mutate()).toEqual({ updated: 0, unreadCount: 0 });
    const all = await ada!.client.notifications.list.query({});
    expect(all.items.every((item) => item.isRead && item.readAt !== null)).toBe(true);
    // Bob's are his own business.
    expect(await bob!.client.notifications.unreadCount.query()).toEqual({ unreadCount: 1 });
  });

  it('shows the actor’s current card and what the notification points at', async () => {
    const [owner, fan] = await users(2);
    await fan!.client.social.follow.mutate({ userId: owner!.id });
    const [followed] = (await owner!.client.notifications.list.query({})).items;
    expect(followed).toMatchObject({
      type: 'follow',
      title: `${fan!.username} started following you`,
      actor: { id: fan!.id, username: fan!.username, avatarUrl: null },
      data: { actorId: fan!.id },
      isRead: false,
      readAt: null,
    });
    // The dedupe key is bookkeeping, never shown.
    expect(followed!.data).not.toHaveProperty('dedupeKey');
    await db().user.update({ where: { id: fan!.id }, data: { isActive: false } });
    expect((await owner!.client.notifications.list.query({})).items[0]!.actor).toBeNull();
  });

  it('lets nobody read or mark someone else’s notifications, and refuses bad input and visitors', async () => {
    const [ada, bob] = await users(2);
    await notifyNow(system(ada!, 'Private to Ada'));
    const [adas] = await notificationsOf(db(), ada!.id);
    await expectTrpcError(
      bob!.client.notifications.markRead.mutate({ notificationId: adas!.id }),
      'NOT_FOUND',
    );
    await expectTrpcError(bob!.client.notifications.markRead.mutate({ notificationId: BAD_ID }), 'NOT_FOUND');
    await expectTrpcError(bob!.client.notifications.markRead.mutate({ notificationId: 'x' }), 'BAD_REQUEST');
    await bob!.client.notifications.markAllRead.mutate();
    expect((await notificationsOf(db(), ada!.id))[0]!.isRead).toBe(false);
    expect((await bob!.client.notifications.list.query({})).items).toEqual([]);

    await expectTrpcError(ada!.client.notifications.list.query({ limit: 0 }), 'BAD_REQUEST');
    await expectTrpcError(ada!.client.notifications.list.query({ limit: 101 }), 'BAD_REQUEST');
    await expectTrpcError(ada!.client.notifications.list.query({ cursor: 'x'.repeat(201) }), 'BAD_REQUEST');
    await expectTrpcError(ada!.client.notifications.list.query({ cursor: 'eyJ0IjoxfQ' }), 'BAD_REQUEST');
    const visitor = app.client();
    await expectTrpcError(visitor.notifications.list.query({}), 'UNAUTHORIZED');
    await expectTrpcError(visitor.notifications.unreadCount.query(), 'UNAUTHORIZED');
    await expectTrpcError(
      visitor.notifications.markRead.mutate({ notificationId: adas!.id }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(visitor.notifications.markAllRead.mutate(), 'UNAUTHORIZED');
  });
});

type Tracked = { id: string; data: NotificationStreamEvent };

function subscribe(user: TestUser | null, lastEventId?: string) {
  const socket = app.wsClient({ headers: user ? { cookie: user.cookie } : {} });
  return collect<Tracked>((handlers) =>
    socket.client.notifications.onEvent.subscribe({ lastEventId }, handlers),
  );
}

const synced = (item: Tracked) => item.data.type === 'stream.synced';

describe('notifications.onEvent', () => {
  it('delivers new notifications, read changes and withdrawals live, with the unread count', async () => {
    const [ada, bob] = await users(2);
    const events = subscribe(ada!);
    const bobsEvents = subscribe(bob!);
    await events.started;
    await events.waitFor(synced, 'synced');
    await bobsEvents.waitFor(synced, 'synced');

    await bob!.client.social.follow.mutate({ userId: ada!.id });
    const created = await events.waitFor((item) => item.data.type === 'notification.created', 'created');
    expect(created.data).toMatchObject({
      type: 'notification.created',
      unreadCount: 1,
      notification: { type: 'follow', actor: { id: bob!.id }, isRead: false },
    });
    const notificationId = (created.data as { notification: { id: string } }).notification.id;

    await ada!.client.notifications.markRead.mutate({ notificationId });
    expect(
      (await events.waitFor((item) => item.data.type === 'notification.read', 'read')).data,
    ).toMatchObject({ notificationIds: [notificationId], unreadCount: 0 });

    await notifyNow(system(ada!, 'One'));
    await notifyNow(system(ada!, 'Two'));
    await ada!.client.notifications.markAllRead.mutate();
    expect(
      (await events.waitFor((item) => item.data.type === 'notification.all_read', 'all read')).data,
    ).toMatchObject({ unreadCount: 0 });

    // A block withdraws what Ada was told about Bob.
    await ada!.client.social.block.mutate({ userId: bob!.id });
    expect(
      (await events.waitFor((item) => item.data.type === 'notification.removed', 'removed')).data,
    ).toMatchObject({ notificationIds: [notificationId] });

    expect(events.items.map((item) => item.data.type)).toEqual([
      'stream.synced',
      'notification.created',
      'notification.read',
      'notification.created',
      'notification.created',
      'notification.all_read',
      'notification.removed',
    ]);
    // Ids are the stream's positions: 1, 2, 3, … in order.
    expect(events.items.slice(1).map((item) => Number(item.id))).toEqual([1, 2, 3, 4, 5, 6]);
    // Bob heard nothing of Ada's notifications.
    expect(bobsEvents.items.map((item) => item.data.type)).toEqual(['stream.synced']);
    events.stop();
    bobsEvents.stop();
  });

  it('replays what happened after lastEventId, once, then continues live', async () => {
    const [ada] = await users(1);
    await notifyNow(system(ada!, 'First'));
    const { lastEventId } = await ada!.client.notifications.list.query({});
    await notifyNow(system(ada!, 'Second'));
    await notifyNow(system(ada!, 'Third'));

    const events = subscribe(ada!, lastEventId);
    await events.waitFor(synced, 'synced');
    await notifyNow(system(ada!, 'Fourth'));
    await events.waitFor(
      (item) => item.data.type === 'notification.created' && item.data.notification.title === 'Fourth',
      'fourth',
    );
    const titles = events.items.flatMap((item) =>
      item.data.type === 'notification.created' ? [item.data.notification.title] : [],
    );
    expect(titles).toEqual(['Second', 'Third', 'Fourth']);
    expect(events.items.map((item) => item.id)).toEqual(['2', '3', '3', '4']);
    events.stop();
  });

  it('is for signed-in users only', async () => {
    const events = subscribe(null);
    const error = await events.ended;
    expect((error as { data?: { code?: string } }).data?.code).toBe('UNAUTHORIZED');
  });
});
