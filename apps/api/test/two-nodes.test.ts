import type { ChatStreamEvent } from '@plastic-crack/api-contract';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationStream } from '../src/chat/payloads.ts';
import type { Readiness } from '../src/health/service.ts';
import { streamChannel } from '../src/realtime/streams.ts';
import { startTestApi, type TestApi } from './harness.ts';
import {
  collect,
  eventually,
  httpClient,
  redisServerAvailable,
  spawnApiNode,
  startRedisServer,
  userSocket,
  type ChildNode,
  type Collected,
  type NodeAddress,
  type RedisServer,
  type UserSocket,
} from './realtime.ts';
import { createUser, type TestUser } from './users.ts';

// Scale-out (DESIGN.md §2, §5): two API nodes — this process and a second one started from
// apps/api/src/main.ts as a child process, each with its own Prisma pool, Redis connections and bus —
// on one PostgreSQL database and one Redis.

type Tracked = { id: string; data: ChatStreamEvent };

const isSynced = (item: Tracked) => item.data.type === 'stream.synced';
const createdIds = (items: Tracked[]) =>
  items.flatMap((item) => (item.data.type === 'message.created' ? [item.data.message.id] : []));
const created = (messageId: string) => (item: Tracked) =>
  item.data.type === 'message.created' && item.data.message.id === messageId;

function subscribe(socket: UserSocket, conversationId: string): Collected<Tracked> {
  return collect<Tracked>((handlers) => socket.client.chat.onEvent.subscribe({ conversationId }, handlers));
}

async function readiness(node: NodeAddress): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${node.url}/ready`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

async function directChat(ada: TestUser, bob: TestUser) {
  return ada.client.chat.startDirect.mutate({ userId: bob.id });
}

const machineRedis = process.env.REDIS_URL;

describe.skipIf(!machineRedis && !process.env.CI)('two API nodes, one database, one Redis', () => {
  let node1: TestApi;
  let node2: ChildNode;
  const sockets: UserSocket[] = [];

  beforeAll(async () => {
    if (!machineRedis) throw new Error('REDIS_URL must point at a Redis server for the two-node tests');
    node1 = await startTestApi();
    node2 = await spawnApiNode({ databaseUrl: node1.database.url, redisUrl: machineRedis });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await node2?.close();
    await node1?.close();
  });

  const socketOn = (node: NodeAddress, user: TestUser) => {
    const socket = userSocket(node, user.cookie);
    sockets.push(socket);
    return socket;
  };

  it('delivers a message sent on node 1 to a subscriber on node 2, and back', async () => {
    const [ada, bob] = [await createUser(node1), await createUser(node1)];
    const chat = await directChat(ada, bob);
    const bobOnNode2 = subscribe(socketOn(node2, bob), chat.id);
    const adaOnNode1 = subscribe(socketOn(node1, ada), chat.id);
    await Promise.all([bobOnNode2.waitFor(isSynced), adaOnNode1.waitFor(isSynced)]);

    const fromNode1 = await ada.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'Hi!',
    });
    const received = await bobOnNode2.waitFor(created(fromNode1.id), 'the message from node 1');
    expect(received.data).toMatchObject({ message: { content: 'Hi!', author: { id: ada.id } } });

    // Bob answers through node 2's HTTP API; Ada hears it on node 1.
    const bobViaNode2 = httpClient(node2, bob.cookie);
    const fromNode2 = await bobViaNode2.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'Hey',
    });
    await adaOnNode1.waitFor(created(fromNode2.id), 'the message from node 2');
    expect(createdIds(bobOnNode2.items)).toEqual([fromNode1.id, fromNode2.id]);
  }, 60_000);

  it('resumes a dropped socket from lastEventId: the missed messages arrive exactly once, in order', async () => {
    const [ada, bob] = [await createUser(node1), await createUser(node1)];
    const chat = await directChat(ada, bob);
    const send = (content: string) =>
      ada.client.chat.send.mutate({ conversationId: chat.id, type: 'text', content }).then((m) => m.id);
    const socket = socketOn(node2, bob);
    const events = subscribe(socket, chat.id);
    await events.waitFor(isSynced);

    const before = [await send('one'), await send('two')];
    await events.waitFor(created(before[1]!), 'message two');
    const lastSeen = events.items.at(-1)!.id;

    socket.drop();
    const missed = [await send('three'), await send('four'), await send('five')];
    socket.restore();
    // The client resubscribes by itself, with the id of the last event it saw.
    await events.waitForCount(isSynced, 2, 'the resubscription');
    const after = await send('six');
    await events.waitFor(created(after), 'message six');

    expect(createdIds(events.items)).toEqual([...before, ...missed, after]);
    const replayed = events.items.filter((item) => item.data.type === 'message.created').slice(2, 5);
    expect(replayed.map((item) => BigInt(item.id))).toEqual([1n, 2n, 3n].map((n) => BigInt(lastSeen) + n));
    const ids = events.items.filter((item) => !isSynced(item)).map((item) => BigInt(item.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
  }, 60_000);
});

const canRunRedis = redisServerAvailable();

describe.skipIf(!canRunRedis && !process.env.CI)('while Redis is down', () => {
  let redis: RedisServer;
  let node1: TestApi;
  let node2: ChildNode;
  let socket: UserSocket | null = null;

  beforeAll(async () => {
    if (!canRunRedis)
      throw new Error(
        'redis-server is not on PATH; the Redis outage test needs it (apt-get install redis-server)',
      );
    redis = await startRedisServer();
    node1 = await startTestApi({ REDIS_URL: redis.url });
    node2 = await spawnApiNode({ databaseUrl: node1.database.url, redisUrl: redis.url });
  }, 120_000);
  afterAll(async () => {
    await socket?.close();
    await node2?.close();
    await node1?.close();
    await redis?.kill();
  });

  it('keeps serving and storing, reports Redis down on /ready, and delivers live again once it is back', async () => {
    const [ada, bob] = [await createUser(node1), await createUser(node1)];
    const chat = await directChat(ada, bob);
    socket = userSocket(node2, bob.cookie);
    const bobOnNode2 = subscribe(socket, chat.id);
    await bobOnNode2.waitFor(isSynced);
    const first = await ada.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'before',
    });
    await bobOnNode2.waitFor(created(first.id), 'the message before the outage');

    await redis.kill();
    for (const node of [node1, node2]) {
      // Polled: the nodes notice the dead connection within moments, and a loaded machine can make one
      // PostgreSQL probe miss its deadline — what must show up is "PostgreSQL up, Redis down, 503".
      await eventually(async () => {
        const { status, body } = await readiness(node);
        return status === 503 && body.dependencies.redis === 'down' && body.dependencies.postgres === 'up';
      }, '/ready to report Redis down and PostgreSQL up');
      expect((await fetch(`${node.url}/health`)).status).toBe(200);
    }
    // Both nodes still take messages (rate limits fall back to memory) and store them.
    const during = [
      await ada.client.chat.send.mutate({ conversationId: chat.id, type: 'text', content: 'during, node 1' }),
      await httpClient(node2, bob.cookie).chat.send.mutate({
        conversationId: chat.id,
        type: 'text',
        content: 'during, node 2',
      }),
    ];
    const stored = await node1.database.db.message.findMany({
      where: { id: { in: during.map((m) => m.id) } },
      select: { content: true },
    });
    expect(stored.map((m) => m.content).sort()).toEqual(['during, node 1', 'during, node 2']);
    expect(createdIds(bobOnNode2.items)).toEqual([first.id]); // no bus, no live delivery

    await redis.start();
    for (const node of [node1, node2])
      await eventually(async () => (await readiness(node)).status === 200, '/ready to recover');
    // Node 2 re-subscribes its channels when its subscriber connection is back.
    const probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      const channel = streamChannel(conversationStream(chat.id));
      await eventually(async () => {
        const [, count] = (await probe.pubsub('NUMSUB', channel)) as [string, number];
        return Number(count) > 0;
      }, "node 2's subscription to come back");
    } finally {
      probe.disconnect();
    }

    const back = await ada.client.chat.send.mutate({
      conversationId: chat.id,
      type: 'text',
      content: 'after',
    });
    await bobOnNode2.waitFor(created(back.id), 'the message after the outage');
    // The live event reveals the gap; the two messages from the outage are filled in from PostgreSQL first.
    expect(createdIds(bobOnNode2.items)).toEqual([first.id, ...during.map((m) => m.id), back.id]);
  }, 120_000);
});
