import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TRANSPORT_LIMITS } from '../src/http/server.ts';
import { startTestApi, type TestApi } from './harness.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
});
afterAll(() => app.close());

function upgrade(headers: Record<string, string>, path = '/trpc'): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}${path}`, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => {});
  });
}

describe('transport hardening', () => {
  it('refuses a WebSocket upgrade from a foreign origin and accepts the app origin', async () => {
    expect(await upgrade({ origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade({ origin: app.origin })).toBe(101);
    expect(await upgrade({ origin: app.origin }, '/elsewhere')).toBe(404);
  });

  it('refuses a batch larger than the limit', async () => {
    const calls = Array.from({ length: TRANSPORT_LIMITS.maxBatchSize + 1 }, () => 'health.status').join(',');
    const input = encodeURIComponent(JSON.stringify({}));
    const response = await fetch(`${app.url}/trpc/${calls}?batch=1&input=${input}`);
    expect(response.status).toBe(400);
  });

  it('never leaks internals for unknown paths', async () => {
    const response = await fetch(`${app.url}/trpc/doesNotExist`);
    const body = await response.json();
    expect(response.status).toBe(404);
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
  });
});
