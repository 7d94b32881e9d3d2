import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, createWSClient, httpBatchLink, wsLink, type TRPCClient } from '@trpc/client';
import { WebSocket } from 'ws';
import type { AppRouter } from '../src/router.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const WAIT_MS = 20_000;

// ---------------------------------------------------------------------------------------------
// Collecting what a subscription delivers
// ---------------------------------------------------------------------------------------------

interface SubscriptionHandlers<T> {
  onStarted(): void;
  onData(value: T): void;
  onError(error: unknown): void;
  onComplete(): void;
}

export interface Collected<T> {
  /** Everything delivered so far, in order. */
  items: T[];
  /** Resolves when the server acknowledged the subscription; rejects if it failed first. */
  started: Promise<void>;
  /** Resolves with the subscription's error (or null when it completed) once it has ended. */
  ended: Promise<unknown>;
  /** The first delivered item matching, now or when it arrives. */
  waitFor(predicate: (item: T) => boolean, what?: string, timeoutMs?: number): Promise<T>;
  /** How many delivered items match, once at least `count` do. */
  waitForCount(predicate: (item: T) => boolean, count: number, what?: string): Promise<T[]>;
  stop(): void;
}

/** Subscribes through a tRPC client and records everything it delivers. */
export function collect<T>(
  subscribe: (handlers: SubscriptionHandlers<T>) => { unsubscribe(): void },
): Collected<T> {
  const items: T[] = [];
  const waiters = new Set<() => void>();
  let resolveStarted!: () => void;
  let rejectStarted!: (error: unknown) => void;
  let resolveEnded!: (value: unknown) => void;
  const started = new Promise<void>((resolve, reject) => {
    resolveStarted = resolve;
    rejectStarted = reject;
  });
  started.catch(() => {});
  const ended = new Promise<unknown>((resolve) => (resolveEnded = resolve));
  let isEnded = false;
  const end = (value: unknown) => {
    isEnded = true;
    rejectStarted(value ?? new Error('completed before starting'));
    resolveEnded(value);
    for (const waiter of waiters) waiter();
  };
  const subscription = subscribe({
    onStarted: () => resolveStarted(),
    onData: (value) => {
      items.push(value);
      for (const waiter of waiters) waiter();
    },
    onError: (error) => end(error),
    onComplete: () => end(null),
  });

  function waitForCount(predicate: (item: T) => boolean, count: number, what = 'items'): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const matching = items.filter(predicate);
        if (matching.length >= count) {
          cleanup();
          resolve(matching);
        } else if (isEnded) {
          cleanup();
          reject(new Error(`subscription ended before ${count} × ${what}; got ${JSON.stringify(items)}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${count} × ${what}; got ${JSON.stringify(items)}`));
      }, WAIT_MS);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  return {
    items,
    started,
    ended,
    waitForCount,
    async waitFor(predicate, what = 'an item') {
      return (await waitForCount(predicate, 1, what))[0]!;
    },
    stop: () => subscription.unsubscribe(),
  };
}

// ---------------------------------------------------------------------------------------------
// Clients for any node (in-process or child process)
// ---------------------------------------------------------------------------------------------

export interface NodeAddress {
  url: string;
  origin: string;
}

export function httpClient(node: NodeAddress, cookie: string): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${node.url}/trpc`, headers: () => ({ origin: node.origin, cookie }) })],
  });
}

export interface UserSocket {
  client: TRPCClient<AppRouter>;
  /** Cuts the connection like a network failure; reconnecting fails until `restore()`. */
  drop(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * A WebSocket client acting as a user (session cookie on the upgrade), reconnecting by itself like a
 * browser would — which is what lets a test cut it and watch it resume with lastEventId.
 */
export function userSocket(node: NodeAddress, cookie: string): UserSocket {
  let current: WebSocket | null = null;
  let blocked = false;
  const track = (socket: WebSocket) => (current = socket);
  const socket = createWSClient({
    url: `${node.url.replace('http', 'ws')}/trpc`,
    retryDelayMs: () => 50,
    WebSocket: class extends WebSocket {
      constructor(address: string | URL) {
        // Port 1 refuses at once: a reconnect attempt fails fast and is retried.
        super(blocked ? 'ws://127.0.0.1:1/trpc' : address, { headers: { origin: node.origin, cookie } });
        track(this);
      }
    } as unknown as typeof globalThis.WebSocket,
  });
  return {
    client: createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] }),
    drop() {
      blocked = true;
      current?.terminate();
    },
    restore() {
      blocked = false;
    },
    close: () => socket.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// A second API node as a real child process
// ---------------------------------------------------------------------------------------------

export interface ChildNode extends NodeAddress {
  process: ChildProcess;
  close(): Promise<void>;
}

export async function reservePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `apps/api/src/main.ts` in its own Node process (own Prisma pool, own Redis connections, own
 * bus) against the given database and Redis: a second API node exactly as deployed.
 */
export async function spawnApiNode(options: { databaseUrl: string; redisUrl: string }): Promise<ChildNode> {
  const port = await reservePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_ORIGIN: origin,
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      SEED_ON_FIRST_START: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${origin}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`API child process did not start (exit ${child.exitCode}):\n${output}`);
    }
    await sleep(100);
  }

  return {
    url: origin,
    origin,
    process: child,
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A private redis-server that a test may stop and start
// ---------------------------------------------------------------------------------------------

export function redisServerAvailable(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

export interface RedisServer {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

/** A throwaway redis-server on a free port: no persistence, bound to loopback. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await reservePort();
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    child = server;
    const deadline = Date.now() + 15_000;
    while (!(await pings(port))) {
      if (server.exitCode !== null || Date.now() > deadline)
        throw new Error(`redis-server did not start on port ${port}`);
      await sleep(50);
    }
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      const server = child;
      if (!server || server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    },
    start,
  };
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(1_000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` is true (for state with no event to wait on, e.g. a Redis reconnect). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
