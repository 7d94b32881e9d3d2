import { CHAT_LIMITS, type ChatStreamEvent, type ChatTypingEvent } from '@plastic-crack/api-contract';
import { type TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { collect, type Collected } from '../../test/realtime.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import type { AppRouter } from '../router.ts';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../realtime/subscriptions.ts';
import { conversationStream } from './payloads.ts';
import { expectTrpcError } from '../../test/errors.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
});
afterAll(() => app.close());

type Tracked = { id: string; data: ChatStreamEvent };

const db = () => app.database.db;
const users = (count: number) => Promise.all(Array.from({ length: count }, () => createUser(app)));
const socketOf = (user: TestUser) => app.wsClient({ headers: { cookie: user.cookie } });

function subscribeEvents(user: TestUser, conversationId: string, lastEventId?: string): Collected<Tracked> {
  const socket = socketOf(user);
  return collect<Tracked>((handlers) =>
    socket.client.chat.onEvent.subscribe({ conversationId, lastEventId }, handlers),
  );
}

const synced = (item: Tracked) => item.data.type === 'stream.synced';

async function block(blocker: TestUser, blocked: TestUser) {
  await db().userRelationship.create({
    data: { followerId: blocker.id, followingId: blocked.id, relationshipType: 'blocked' },
  });
}

async function group(admin: TestUser, members: TestUser[], name = 'Painting night') {
  return admin.client.chat.createGroup.mutate({ name, participantIds: members.map((m) => m.id) });
}

const eventCount = (conversationId: string, eventType?: string) =>
  db().streamEvent.count({ where: { streamKey: conversationStream(conversationId), eventType } });

describe('direct conversations', () => {
  it('creates one conversation per pair, whoever asks and however often', async () => {
    const [ada, bob] = await users(2);
    const first = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    expect(first.type).toBe('direct');
    expect(first.participants.map((p) => p.id).sort()).toEqual([ada!.id, bob!.id].sort());
    const again = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const fromBob = await bob!.client.chat.startDirect.mutate({ userId: ada!.id });
    expect(again.id).toBe(first.id);
    expect(fromBob.id).toBe(first.id);
  });

  it('gives two simultaneous starts the same conversation', async () => {
    const [ada, bob] = await users(2);
    const results = await Promise.all([
      ada!.client.chat.startDirect.mutate({ userId: bob!.id }),
      bob!.client.chat.startDirect.mutate({ userId: ada!.id }),
      ada!.client.chat.startDirect.mutate({ userId: bob!.id }),
    ]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const pair = [ada!.id, bob!.id].sort().join(':');
    expect(await db().conversation.count({ where: { directKey: pair } })).toBe(1);
  });

  it('refuses yourself, an unknown user, bad ids and anonymous callers, writing nothing', async () => {
    const [ada] = await users(1);
    const before = await db().conversation.count();
    await expectTrpcError(ada!.client.chat.startDirect.mutate({ userId: ada!.id }), 'BAD_REQUEST');
    await expectTrpcError(
      ada!.client.chat.startDirect.mutate({ userId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
    const invalid = await expectTrpcError(
      ada!.client.chat.startDirect.mutate({ userId: 'nope' }),
      'BAD_REQUEST',
    );
    expect(invalid.data?.zod?.fieldErrors).toHaveProperty('userId');
    await expectTrpcError(app.client().chat.startDirect.mutate({ userId: ada!.id }), 'UNAUTHORIZED');
    expect(await db().conversation.count()).toBe(before);
  });
});

describe('blocked users cannot message each other', () => {
  it('refuses to start a direct conversation in either direction', async () => {
    const [ada, bob] = await users(2);
    await block(bob!, ada!);
    const before = await db().conversation.count();
    await expectTrpcError(ada!.client.chat.startDirect.mutate({ userId: bob!.id }), 'NOT_FOUND');
    await expectTrpcError(bob!.client.chat.startDirect.mutate({ userId: ada!.id }), 'NOT_FOUND');
    expect(await db().conversation.count()).toBe(before);
  });

  it('refuses sending, reacting and typing in an existing direct conversation once either blocks', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const hello = await bob!.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'Hi',
    });
    await block(ada!, bob!);
    const messagesBefore = await db().message.count({ where: { conversationId: chat.id } });
    const eventsBefore = await eventCount(chat.id);
    for (const sender of [ada!, bob!]) {
      await expectTrpcError(
        sender.client.chat.send.mutate({ conversationId: chat.id, type: 'text', content: 'still there?' }),
        'FORBIDDEN',
      );
    }
    await expectTrpcError(ada!.client.chat.react.mutate({ messageId: hello.id, emoji: '👍' }), 'FORBIDDEN');
    await expectTrpcError(bob!.client.chat.typing.mutate({ conversationId: chat.id }), 'FORBIDDEN');
    expect(await db().message.count({ where: { conversationId: chat.id } })).toBe(messagesBefore);
    expect(await db().messageReaction.count({ where: { messageId: hello.id } })).toBe(0);
    expect(await eventCount(chat.id)).toBe(eventsBefore);
  });

  it('refuses adding a blocked user to a group', async () => {
    const [ada, bob] = await users(2);
    await block(bob!, ada!);
    await expectTrpcError(group(ada!, [bob!]), 'NOT_FOUND');
    const chat = await group(ada!, []);
    await expectTrpcError(
      ada!.client.chat.addParticipants.mutate({ conversationId: chat.id, userIds: [bob!.id] }),
      'NOT_FOUND',
    );
    expect(await db().conversationParticipant.count({ where: { conversationId: chat.id } })).toBe(1);
  });
});

describe('groups and roles', () => {
  it('creates a group with its creator as admin and the invited as members', async () => {
    const [ada, bob, cy] = await users(3);
    const chat = await group(ada!, [bob!, cy!, bob!]);
    expect(chat).toMatchObject({ type: 'group', name: 'Painting night', myRole: 'admin' });
    expect(Object.fromEntries(chat.participants.map((p) => [p.id, p.role]))).toEqual({
      [ada!.id]: 'admin',
      [bob!.id]: 'member',
      [cy!.id]: 'member',
    });
    expect((await bob!.client.chat.get.query({ conversationId: chat.id })).myRole).toBe('member');
  });

  it('rejects bad input with field errors and writes nothing', async () => {
    const [ada] = await users(1);
    const before = await db().conversation.count();
    const cases = [
      { name: '   ', participantIds: [] },
      { name: 'x'.repeat(CHAT_LIMITS.conversationNameLength + 1), participantIds: [] },
      {
        name: 'Too many',
        participantIds: Array.from(
          { length: CHAT_LIMITS.participantsPerCall + 1 },
          (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        ),
      },
      { name: 'Bad id', participantIds: ['not-a-uuid'] },
    ];
    for (const input of cases) {
      await expectTrpcError(ada!.client.chat.createGroup.mutate(input), 'BAD_REQUEST');
    }
    expect(await db().conversation.count()).toBe(before);
  });

  it('lets admins and moderators manage, only admins promote, and nobody outranks upward', async () => {
    const [admin, mod, member, newcomer, other] = await users(5);
    const chat = await group(admin!, [mod!, member!, other!]);
    const conversationId = chat.id;

    await expectTrpcError(
      member!.client.chat.addParticipants.mutate({ conversationId, userIds: [newcomer!.id] }),
      'FORBIDDEN',
    );
    await expectTrpcError(
      member!.client.chat.rename.mutate({ conversationId, name: 'Mine now' }),
      'FORBIDDEN',
    );
    await expectTrpcError(
      member!.client.chat.setRole.mutate({ conversationId, userId: mod!.id, role: 'admin' }),
      'FORBIDDEN',
    );

    await admin!.client.chat.setRole.mutate({ conversationId, userId: mod!.id, role: 'moderator' });
    await expectTrpcError(
      mod!.client.chat.setRole.mutate({ conversationId, userId: member!.id, role: 'moderator' }),
      'FORBIDDEN',
    );
    const { added } = await mod!.client.chat.addParticipants.mutate({
      conversationId,
      userIds: [newcomer!.id, member!.id],
    });
    expect(added.map((p) => p.id)).toEqual([newcomer!.id]); // already-present members are not re-added
    await mod!.client.chat.rename.mutate({ conversationId, name: 'Speed painting' });
    await expectTrpcError(
      mod!.client.chat.removeParticipant.mutate({ conversationId, userId: admin!.id }),
      'FORBIDDEN',
    );
    await mod!.client.chat.removeParticipant.mutate({ conversationId, userId: other!.id });
    await expectTrpcError(other!.client.chat.get.query({ conversationId }), 'NOT_FOUND');

    const detail = await admin!.client.chat.get.query({ conversationId });
    expect(detail.name).toBe('Speed painting');
    expect(Object.fromEntries(detail.participants.map((p) => [p.id, p.role]))).toEqual({
      [admin!.id]: 'admin',
      [mod!.id]: 'moderator',
      [member!.id]: 'member',
      [newcomer!.id]: 'member',
    });
    const types = (
      await db().streamEvent.findMany({
        where: { streamKey: conversationStream(conversationId) },
        orderBy: { seq: 'asc' },
      })
    ).map((event) => event.eventType);
    expect(types).toEqual([
      'participant.role_changed',
      'participant.added',
      'conversation.renamed',
      'participant.removed',
    ]);
  });

  it('hands the group to the longest-standing moderator when the last admin leaves', async () => {
    const [admin, member, mod] = await users(3);
    const chat = await group(admin!, [member!, mod!]);
    await admin!.client.chat.setRole.mutate({ conversationId: chat.id, userId: mod!.id, role: 'moderator' });
    await admin!.client.chat.leave.mutate({ conversationId: chat.id });
    const detail = await member!.client.chat.get.query({ conversationId: chat.id });
    expect(detail.participants.find((p) => p.id === mod!.id)?.role).toBe('admin');
    expect(detail.participants.some((p) => p.id === admin!.id)).toBe(false);
    await expectTrpcError(admin!.client.chat.history.query({ conversationId: chat.id }), 'NOT_FOUND');
  });

  it('has nothing to manage in a direct conversation', async () => {
    const [ada, bob, cy] = await users(3);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    await expectTrpcError(ada!.client.chat.leave.mutate({ conversationId: chat.id }), 'BAD_REQUEST');
    await expectTrpcError(
      ada!.client.chat.addParticipants.mutate({ conversationId: chat.id, userIds: [cy!.id] }),
      'BAD_REQUEST',
    );
  });
});

describe('help threads', () => {
  it('opens a thread from a help request with its author in it', async () => {
    const [asker, helper] = await users(2);
    const request = await db().helpRequest.create({
      data: {
        userId: asker!.id,
        type: 'painting',
        title: 'Wet blending?',
        description: 'How do I blend reds?',
      },
    });
    const thread = await helper!.client.chat.createHelpThread.mutate({
      name: 'Wet blending reds',
      helpRequestId: request.id,
    });
    expect(thread).toMatchObject({ type: 'help_thread', helpRequestId: request.id, myRole: 'admin' });
    expect(thread.participants.map((p) => p.id).sort()).toEqual([asker!.id, helper!.id].sort());
    await asker!.client.chat.send.mutate({ conversationId: thread.id, type: 'text', content: 'Thanks!' });
  });

  it('refuses an unknown help request and writes nothing', async () => {
    const [helper] = await users(1);
    const before = await db().conversation.count();
    await expectTrpcError(
      helper!.client.chat.createHelpThread.mutate({
        name: 'Lost',
        helpRequestId: '00000000-0000-4000-8000-000000000001',
      }),
      'NOT_FOUND',
    );
    expect(await db().conversation.count()).toBe(before);
  });
});

describe('messages', () => {
  it('sends text, images, model and battle report shares, and replies', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const conversationId = chat.id;
    const text = await ada!.client.chat.send.mutate({
      conversationId,
      type: 'text',
      content: '  Primer dry?  ',
    });
    expect(text).toMatchObject({
      type: 'text',
      content: 'Primer dry?',
      author: { id: ada!.id },
      editedAt: null,
    });

    const image = await bob!.client.chat.send.mutate({
      conversationId,
      type: 'image',
      imageUrls: ['https://cdn.example.com/a.webp', 'https://cdn.example.com/b.webp'],
      replyToId: text.id,
    });
    expect(image).toMatchObject({ type: 'image', content: '', replyToId: text.id });
    expect(image.attachments).toEqual([
      { kind: 'image', url: 'https://cdn.example.com/a.webp' },
      { kind: 'image', url: 'https://cdn.example.com/b.webp' },
    ]);

    const model = await db().userModel.create({
      data: { userId: bob!.id, name: 'Intercessor', isPublic: true },
    });
    const shared = await ada!.client.chat.send.mutate({
      conversationId,
      type: 'model_share',
      userModelId: model.id,
      content: 'Look at this one',
    });
    expect(shared.attachments).toEqual([{ kind: 'user_model', userModelId: model.id }]);

    const report = await db().battleReport.create({
      data: { userId: ada!.id, title: 'Close game', myArmy: {}, opponentArmy: {}, visibility: 'private' },
    });
    const battle = await ada!.client.chat.send.mutate({
      conversationId,
      type: 'battle_report_share',
      battleReportId: report.id,
    });
    expect(battle.attachments).toEqual([{ kind: 'battle_report', battleReportId: report.id }]);

    const page = await bob!.client.chat.history.query({ conversationId });
    expect(page.items.map((m) => m.id)).toEqual([battle.id, shared.id, image.id, text.id]);
  });

  it('refuses a share the sender may not see, and a reply into another conversation', async () => {
    const [ada, bob, cy] = await users(3);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const elsewhere = await cy!.client.chat.startDirect.mutate({ userId: bob!.id });
    const foreign = await cy!.client.chat.send.mutate({
      conversationId: elsewhere.id,
      type: 'text',
      content: 'x',
    });
    const hidden = await db().userModel.create({ data: { userId: cy!.id, name: 'Secret', isPublic: false } });
    const report = await db().battleReport.create({
      data: { userId: cy!.id, title: 'Mine', myArmy: {}, opponentArmy: {}, visibility: 'private' },
    });
    const before = await db().message.count({ where: { conversationId: chat.id } });
    await expectTrpcError(
      ada!.client.chat.send.mutate({ conversationId: chat.id, type: 'model_share', userModelId: hidden.id }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      ada!.client.chat.send.mutate({
        conversationId: chat.id,
        type: 'battle_report_share',
        battleReportId: report.id,
      }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      ada!.client.chat.send.mutate({
        conversationId: chat.id,
        type: 'text',
        content: 're',
        replyToId: foreign.id,
      }),
      'BAD_REQUEST',
    );
    expect(await db().message.count({ where: { conversationId: chat.id } })).toBe(before);
  });

  it('rejects bad input with a typed error and writes nothing', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const conversationId = chat.id;
    const bad = [
      { conversationId, type: 'text' as const, content: 'x'.repeat(CHAT_LIMITS.messageLength + 1) },
      { conversationId, type: 'text' as const, content: ' \n\t ' },
      {
        conversationId,
        type: 'image' as const,
        imageUrls: Array.from(
          { length: CHAT_LIMITS.imagesPerMessage + 1 },
          (_, i) => `https://x.example/${i}.png`,
        ),
      },
      { conversationId, type: 'image' as const, imageUrls: ['javascript:alert(1)'] },
      { conversationId, type: 'image' as const, imageUrls: [] },
      { conversationId: 'nope', type: 'text' as const, content: 'hi' },
    ];
    for (const input of bad) await expectTrpcError(ada!.client.chat.send.mutate(input), 'BAD_REQUEST');
    const atLimit = await ada!.client.chat.send.mutate({
      conversationId,
      type: 'text',
      content: 'x'.repeat(CHAT_LIMITS.messageLength),
    });
    expect(atLimit.content).toHaveLength(CHAT_LIMITS.messageLength);
    expect(await db().message.count({ where: { conversationId } })).toBe(1);
    expect(await eventCount(conversationId)).toBe(1);
  });

  it('lets only the author edit, and marks the edit', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const message = await ada!.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'Teh',
    });
    await expectTrpcError(
      bob!.client.chat.edit.mutate({ messageId: message.id, content: 'Hacked' }),
      'FORBIDDEN',
    );
    await expectTrpcError(
      ada!.client.chat.edit.mutate({ messageId: message.id, content: '  ' }),
      'BAD_REQUEST',
    );
    const edited = await ada!.client.chat.edit.mutate({ messageId: message.id, content: 'The' });
    expect(edited.content).toBe('The');
    expect(edited.editedAt).not.toBeNull();
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).content).toBe('The');
  });

  it('soft-deletes: the content goes, a placeholder stays, edits are refused', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const message = await ada!.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'image',
      content: 'my secret',
      imageUrls: ['https://cdn.example.com/secret.webp'],
    });
    await bob!.client.chat.react.mutate({ messageId: message.id, emoji: '🔥' });
    await expectTrpcError(bob!.client.chat.delete.mutate({ messageId: message.id }), 'FORBIDDEN');
    const deleted = await ada!.client.chat.delete.mutate({ messageId: message.id });
    expect(deleted).toMatchObject({ id: message.id, content: '', attachments: [], reactions: [] });
    expect(deleted.deletedAt).not.toBeNull();
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.content).toBe('');
    expect(row.attachments).toEqual([]);
    const page = await bob!.client.chat.history.query({ conversationId: chat.id });
    expect(page.items.map((m) => [m.id, m.content, m.deletedAt !== null])).toEqual([[message.id, '', true]]);
    await expectTrpcError(
      ada!.client.chat.edit.mutate({ messageId: message.id, content: 'back' }),
      'CONFLICT',
    );
    // Deleting again changes nothing and says nothing more.
    const events = await eventCount(chat.id);
    await ada!.client.chat.delete.mutate({ messageId: message.id });
    expect(await eventCount(chat.id)).toBe(events);
    // The log never held the text.
    const log = await db().streamEvent.findMany({ where: { streamKey: conversationStream(chat.id) } });
    expect(JSON.stringify(log.map((event) => event.payload))).not.toContain('secret');
  });

  it('lets a group moderator delete someone else’s message', async () => {
    const [admin, mod, member] = await users(3);
    const chat = await group(admin!, [mod!, member!]);
    await admin!.client.chat.setRole.mutate({ conversationId: chat.id, userId: mod!.id, role: 'moderator' });
    const rude = await member!.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'rude',
    });
    const deleted = await mod!.client.chat.delete.mutate({ messageId: rude.id });
    expect(deleted.deletedAt).not.toBeNull();
  });
});

describe('reactions', () => {
  it('adds and removes a reaction per user and emoji, idempotently', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const message = await ada!.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'Done!',
    });
    expect(await bob!.client.chat.react.mutate({ messageId: message.id, emoji: '👍' })).toEqual({
      changed: true,
    });
    expect(await bob!.client.chat.react.mutate({ messageId: message.id, emoji: '👍' })).toEqual({
      changed: false,
    });
    await ada!.client.chat.react.mutate({ messageId: message.id, emoji: '👍' });
    await ada!.client.chat.react.mutate({ messageId: message.id, emoji: '🎨' });
    const [withReactions] = (await bob!.client.chat.history.query({ conversationId: chat.id })).items;
    expect(withReactions!.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [bob!.id, ada!.id] },
      { emoji: '🎨', count: 1, userIds: [ada!.id] },
    ]);
    expect(await bob!.client.chat.unreact.mutate({ messageId: message.id, emoji: '👍' })).toEqual({
      changed: true,
    });
    expect(await bob!.client.chat.unreact.mutate({ messageId: message.id, emoji: '👍' })).toEqual({
      changed: false,
    });
    expect(await db().messageReaction.count({ where: { messageId: message.id } })).toBe(2);
  });

  it('stores one reaction and one event when the same reaction arrives many times at once', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const message = await ada!.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'Race',
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => bob!.client.chat.react.mutate({ messageId: message.id, emoji: '💯' })),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await db().messageReaction.count({ where: { messageId: message.id } })).toBe(1);
    expect(await eventCount(chat.id, 'reaction.added')).toBe(1);
  });

  it('rejects anything but a bounded emoji, and reactions on deleted messages', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const message = await ada!.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'Hi',
    });
    for (const emoji of ['', 'lol', '<script>', '👍'.repeat(CHAT_LIMITS.emojiLength + 1), '👍 ']) {
      await expectTrpcError(bob!.client.chat.react.mutate({ messageId: message.id, emoji }), 'BAD_REQUEST');
    }
    await ada!.client.chat.delete.mutate({ messageId: message.id });
    await expectTrpcError(bob!.client.chat.react.mutate({ messageId: message.id, emoji: '👍' }), 'CONFLICT');
    expect(await db().messageReaction.count({ where: { messageId: message.id } })).toBe(0);
  });
});

describe('read receipts and unread counts', () => {
  it('counts exactly the others’ undeleted messages after the read position', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const conversationId = chat.id;
    await bob!.client.chat.send.mutate({ conversationId, type: 'text', content: 'ready when you are' });
    const sent = [];
    for (const content of ['one', 'two', 'three', 'four']) {
      sent.push(await ada!.client.chat.send.mutate({ conversationId, type: 'text', content }));
    }
    await ada!.client.chat.delete.mutate({ messageId: sent[3]!.id });

    const unreadOf = async (user: TestUser) =>
      (await user.client.chat.list.query({})).items.find((c) => c.id === conversationId)!.unreadCount;
    expect(await unreadOf(bob!)).toBe(3); // four sent, one deleted
    expect(await unreadOf(ada!)).toBe(0); // answering after bob's message means she has read it
    expect((await bob!.client.chat.get.query({ conversationId })).unreadCount).toBe(3);

    const afterTwo = await bob!.client.chat.markRead.mutate({ conversationId, messageId: sent[1]!.id });
    expect(afterTwo.unreadCount).toBe(1);
    expect(await unreadOf(bob!)).toBe(1);
    // Never backwards.
    await bob!.client.chat.markRead.mutate({ conversationId, messageId: sent[0]!.id });
    expect(await unreadOf(bob!)).toBe(1);
    expect((await bob!.client.chat.markRead.mutate({ conversationId })).unreadCount).toBe(0);
    expect(await unreadOf(bob!)).toBe(0);
    expect(await eventCount(conversationId, 'read')).toBe(2);

    // A new message is unread until read; replying reads everything before the reply.
    await ada!.client.chat.send.mutate({ conversationId, type: 'text', content: 'five' });
    expect(await unreadOf(bob!)).toBe(1);
    await bob!.client.chat.send.mutate({ conversationId, type: 'text', content: 'got it' });
    expect(await unreadOf(bob!)).toBe(0);
    expect(await unreadOf(ada!)).toBe(1);

    await expectTrpcError(
      bob!.client.chat.markRead.mutate({ conversationId, messageId: '00000000-0000-4000-8000-000000000009' }),
      'BAD_REQUEST',
    );
  });

  it('lists conversations newest activity first, with last message and unread count, page by page', async () => {
    const [ada, ...others] = await users(6);
    const chats = [];
    for (const other of others) {
      const chat = await other.client.chat.startDirect.mutate({ userId: ada!.id });
      await other.client.chat.send.mutate({
        conversationId: chat.id,
        type: 'text',
        content: `from ${other.username}`,
      });
      chats.push(chat);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 4; page += 1) {
      const result = await ada!.client.chat.list.query({ limit: 2, cursor });
      seen.push(...result.items.map((c) => c.id));
      for (const item of result.items) {
        expect(item.unreadCount).toBe(1);
        expect(item.lastMessage?.content).toMatch(/^from /);
        expect(item.participants.map((p) => p.id)).toContain(ada!.id);
      }
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(chats.map((c) => c.id).reverse());
    for (const cursor of ['garbage', `1.${'-'.repeat(36)}`]) {
      await expectTrpcError(ada!.client.chat.list.query({ cursor }), 'BAD_REQUEST');
    }
    await expectTrpcError(
      ada!.client.chat.list.query({ limit: CHAT_LIMITS.conversationPageSize + 1 }),
      'BAD_REQUEST',
    );
  });
});

describe('history', () => {
  it('pages newest first with a cursor, without repeats or gaps', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const ids = [];
    for (let i = 0; i < 7; i += 1) {
      ids.push(
        (await ada!.client.chat.send.mutate({ conversationId: chat.id, type: 'text', content: `m${i}` })).id,
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await bob!.client.chat.history.query({ conversationId: chat.id, limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      expect(page.lastEventId).toBe('7');
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    await expectTrpcError(
      bob!.client.chat.history.query({ conversationId: chat.id, limit: 101 }),
      'BAD_REQUEST',
    );
    const foreign = await bob!.client.chat.startDirect.mutate({ userId: (await createUser(app)).id });
    const elsewhere = await bob!.client.chat.send.mutate({
      conversationId: foreign.id,
      type: 'text',
      content: 'x',
    });
    for (const cursor of ['not-a-message', '-'.repeat(36), elsewhere.id]) {
      await expectTrpcError(
        bob!.client.chat.history.query({ conversationId: chat.id, cursor }),
        'BAD_REQUEST',
      );
    }
  });
});

describe('a stranger', () => {
  it('cannot read, send, react, edit, delete, mark read, type or subscribe', async () => {
    const [ada, bob, stranger] = await users(3);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const conversationId = chat.id;
    const message = await ada!.client.chat.send.mutate({ conversationId, type: 'text', content: 'private' });
    const before = await eventCount(conversationId);
    const s = stranger!.client.chat;
    await expectTrpcError(s.get.query({ conversationId }), 'NOT_FOUND');
    await expectTrpcError(s.history.query({ conversationId }), 'NOT_FOUND');
    await expectTrpcError(s.send.mutate({ conversationId, type: 'text', content: 'hi' }), 'NOT_FOUND');
    await expectTrpcError(s.react.mutate({ messageId: message.id, emoji: '👍' }), 'NOT_FOUND');
    await expectTrpcError(s.edit.mutate({ messageId: message.id, content: 'mine' }), 'NOT_FOUND');
    await expectTrpcError(s.delete.mutate({ messageId: message.id }), 'NOT_FOUND');
    await expectTrpcError(s.markRead.mutate({ conversationId }), 'NOT_FOUND');
    await expectTrpcError(s.typing.mutate({ conversationId }), 'NOT_FOUND');
    await expectTrpcError(s.leave.mutate({ conversationId }), 'NOT_FOUND');
    expect((await s.list.query({})).items).toEqual([]);

    const events = subscribeEvents(stranger!, conversationId);
    await expect(events.started).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    const socket = socketOf(stranger!);
    const typing = collect<ChatTypingEvent>((handlers) =>
      socket.client.chat.onTyping.subscribe({ conversationId }, handlers),
    );
    await expect(typing.started).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });

    expect(await eventCount(conversationId)).toBe(before);
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).content).toBe('private');
  });

  it('an anonymous socket cannot subscribe', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const socket = app.wsClient();
    const events = collect<Tracked>((handlers) =>
      socket.client.chat.onEvent.subscribe({ conversationId: chat.id }, handlers),
    );
    await expect(events.started).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  });
});

describe('the send rate limit', () => {
  it('answers TOO_MANY_REQUESTS past the limit and stores nothing for it', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    for (let i = 0; i < CHAT_LIMITS.messagesPerWindow; i += 1) {
      await ada!.client.chat.send.mutate({ conversationId: chat.id, type: 'text', content: `spam ${i}` });
    }
    const error = await expectTrpcError(
      ada!.client.chat.send.mutate({ conversationId: chat.id, type: 'text', content: 'one too many' }),
      'TOO_MANY_REQUESTS',
    );
    expect(error.data?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await db().message.count({ where: { conversationId: chat.id } })).toBe(
      CHAT_LIMITS.messagesPerWindow,
    );
    // Per user: bob is not held back by ada's burst.
    await bob!.client.chat.send.mutate({ conversationId: chat.id, type: 'text', content: 'calm down' });
  });
});

describe('chat.onEvent', () => {
  it('delivers messages, edits, deletions, reactions, reads and participant changes in order', async () => {
    const [ada, bob, cy] = await users(3);
    const chat = await group(ada!, [bob!]);
    const conversationId = chat.id;
    const events = subscribeEvents(bob!, conversationId);
    await events.waitFor(synced, 'synced');

    const message = await ada!.client.chat.send.mutate({
      conversationId,
      type: 'text',
      content: 'Assemble!',
    });
    await ada!.client.chat.edit.mutate({ messageId: message.id, content: 'Assemble, please!' });
    await bob!.client.chat.react.mutate({ messageId: message.id, emoji: '🛡️' });
    await bob!.client.chat.unreact.mutate({ messageId: message.id, emoji: '🛡️' });
    await bob!.client.chat.markRead.mutate({ conversationId, messageId: message.id });
    await ada!.client.chat.addParticipants.mutate({ conversationId, userIds: [cy!.id] });
    await ada!.client.chat.setRole.mutate({ conversationId, userId: cy!.id, role: 'moderator' });
    await ada!.client.chat.rename.mutate({ conversationId, name: 'Assembly' });
    await ada!.client.chat.delete.mutate({ messageId: message.id });

    const received = (await events.waitForCount((item) => !synced(item), 9, 'events')).map(
      (item) => item.data,
    );
    expect(received.map((event) => event.type)).toEqual([
      'message.created',
      'message.edited',
      'reaction.added',
      'reaction.removed',
      'read',
      'participant.added',
      'participant.role_changed',
      'conversation.renamed',
      'message.deleted',
    ]);
    expect(received[0]).toMatchObject({
      conversationId,
      message: { id: message.id, author: { id: ada!.id } },
    });
    expect(received[2]).toMatchObject({ messageId: message.id, userId: bob!.id, emoji: '🛡️' });
    expect(received[5]).toMatchObject({ participant: { id: cy!.id, role: 'member' } });
    expect(received[8]).toMatchObject({ message: { id: message.id, content: '' } });
    const ids = events.items.filter((item) => !synced(item)).map((item) => Number(item.id));
    expect(ids).toEqual(ids.map((_, i) => ids[0]! + i)); // consecutive stream positions
    events.stop();
  });

  it('replays what happened after lastEventId, once, then continues live', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const sent = [];
    for (const content of ['a', 'b', 'c']) {
      sent.push(await ada!.client.chat.send.mutate({ conversationId: chat.id, type: 'text', content }));
    }
    const events = subscribeEvents(bob!, chat.id, '1');
    await events.waitFor(synced, 'synced');
    const live = await ada!.client.chat.send.mutate({ conversationId: chat.id, type: 'text', content: 'd' });
    await events.waitFor((item) => item.data.type === 'message.created' && item.data.message.id === live.id);
    const messages = events.items.flatMap((item) =>
      item.data.type === 'message.created' ? [item.data.message.id] : [],
    );
    expect(messages).toEqual([sent[1]!.id, sent[2]!.id, live.id]);
    expect(events.items.map((item) => item.id)).toEqual(['2', '3', '3', '4']);
    events.stop();
  });

  it('ends a removed participant’s subscription at once, and they receive nothing after', async () => {
    const [admin, member, bystander] = await users(3);
    const chat = await group(admin!, [member!, bystander!]);
    const conversationId = chat.id;
    const removed = subscribeEvents(member!, conversationId);
    const staying = subscribeEvents(bystander!, conversationId);
    await Promise.all([removed.waitFor(synced), staying.waitFor(synced)]);

    await admin!.client.chat.removeParticipant.mutate({ conversationId, userId: member!.id });
    const error = await removed.ended;
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('FORBIDDEN');
    expect(removed.items.at(-1)?.data).toMatchObject({ type: 'participant.removed', userId: member!.id });

    const after = await admin!.client.chat.send.mutate({
      conversationId,
      type: 'text',
      content: 'without you',
    });
    await staying.waitFor(
      (item) => item.data.type === 'message.created' && item.data.message.id === after.id,
    );
    expect(removed.items.some((item) => item.data.type === 'message.created')).toBe(false);
    // And cannot come back in.
    const again = subscribeEvents(member!, conversationId);
    await expect(again.started).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    staying.stop();
  });

  it('ends a leaving participant’s own subscription too', async () => {
    const [admin, member] = await users(2);
    const chat = await group(admin!, [member!]);
    const events = subscribeEvents(member!, chat.id);
    await events.waitFor(synced);
    await member!.client.chat.leave.mutate({ conversationId: chat.id });
    expect(((await events.ended) as TRPCClientError<AppRouter>).data?.code).toBe('FORBIDDEN');
  });

  it(`holds at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`, async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const socket = socketOf(ada!);
    const subscribe = () =>
      collect<Tracked>((handlers) =>
        socket.client.chat.onEvent.subscribe({ conversationId: chat.id }, handlers),
      );
    const open = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, subscribe);
    await Promise.all(open.map((subscription) => subscription.waitFor(synced)));

    const refused = subscribe();
    await expect(refused.started).rejects.toMatchObject({ data: { code: 'TOO_MANY_REQUESTS' } });
    const typing = collect<ChatTypingEvent>((handlers) =>
      socket.client.chat.onTyping.subscribe({ conversationId: chat.id }, handlers),
    );
    await expect(typing.started).rejects.toMatchObject({
      message: expect.stringMatching(/already has 50 active subscriptions/),
    });

    // Another connection has its own allowance; stopping one frees a slot on this one.
    const elsewhere = subscribeEvents(ada!, chat.id);
    await elsewhere.waitFor(synced);
    open[0]!.stop();
    const replacement = await (async () => {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const candidate = subscribe();
        const outcome = await candidate.started.then(
          () => 'started',
          () => 'refused',
        );
        if (outcome === 'started') return candidate;
        await new Promise((resolve) => setTimeout(resolve, 50)); // the stop travels to the server
      }
      throw new Error('no slot came free after stopping a subscription');
    })();
    await replacement.waitFor(synced);
    await socket.close();
  });
});

describe('typing indicators', () => {
  it('reaches the other participants, never the typist, and is throttled', async () => {
    const [ada, bob] = await users(2);
    const chat = await ada!.client.chat.startDirect.mutate({ userId: bob!.id });
    const conversationId = chat.id;
    const socket = socketOf(ada!);
    const adaSees = collect<ChatTypingEvent>((handlers) =>
      socket.client.chat.onTyping.subscribe({ conversationId }, handlers),
    );
    const adaEvents = collect<Tracked>((handlers) =>
      socket.client.chat.onEvent.subscribe({ conversationId }, handlers),
    );
    const bobSocket = socketOf(bob!);
    const bobSees = collect<ChatTypingEvent>((handlers) =>
      bobSocket.client.chat.onTyping.subscribe({ conversationId }, handlers),
    );
    await Promise.all([adaSees.started, bobSees.started, adaEvents.waitFor(synced)]);

    expect(await bob!.client.chat.typing.mutate({ conversationId })).toEqual({ forwarded: true });
    expect(await bob!.client.chat.typing.mutate({ conversationId })).toEqual({ forwarded: false });
    const event = await adaSees.waitFor(() => true, 'typing');
    expect(event).toMatchObject({ conversationId, user: { id: bob!.id, username: bob!.username } });

    // Ada's own signal goes to Bob, not back to her: her message, published after it, reaches her
    // socket after the typing event would have.
    await ada!.client.chat.typing.mutate({ conversationId });
    await bobSees.waitFor((e) => e.user.id === ada!.id, 'ada typing');
    const after = await ada!.client.chat.send.mutate({
      conversationId,
      type: 'text',
      content: 'done typing',
    });
    await adaEvents.waitFor(
      (item) => item.data.type === 'message.created' && item.data.message.id === after.id,
    );
    expect(adaSees.items.map((e) => e.user.id)).toEqual([bob!.id]);
    expect(bobSees.items.map((e) => e.user.id)).toEqual([ada!.id]);
  });
});
