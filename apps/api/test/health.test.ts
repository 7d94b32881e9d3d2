import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Readiness } from '../src/health/service.ts';
import { startTestApi, type TestApi } from './harness.ts';

let app: TestApi;

async function untilReady(url: string, attempts = 5): Promise<Response> {
  let response = await fetch(url);
  for (let attempt = 1; attempt < attempts && response.status !== 200; attempt += 1) {
    response = await fetch(url);
  }
  return response;
}
beforeAll(async () => {
  app = await startTestApi();
});
afterAll(() => app.close());

describe('health endpoints', () => {
  it('answers /health without touching dependencies', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports PostgreSQL (and Redis when configured) on /ready', async () => {
    // A probe may time out while the whole suite loads the machine; a healthy node recovers at once.
    const response = await untilReady(`${app.url}/ready`);
    const body = (await response.json()) as Readiness;
    expect(response.status).toBe(200);
    expect(body.dependencies.postgres).toBe('up');
    expect(body.dependencies.redis).toBe(process.env.REDIS_URL ? 'up' : 'not_configured');
  });

  it('serves health.status over HTTP and over the WebSocket', async () => {
    const viaHttp = await app.client().health.status.query();
    expect(viaHttp.dependencies.search).toBe('postgres');
    const socket = app.wsClient();
    const viaWs = await socket.client.health.status.query();
    expect(viaWs.dependencies.priceHistory).toBe('postgres');
    await socket.close();
  });
});

describe('readiness when a dependency is down', () => {
  it('returns 503 and names Redis when Redis does not answer', async () => {
    const degraded = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      let body: Readiness | null = null;
      for (let attempt = 0; attempt < 5 && body?.dependencies.postgres !== 'up'; attempt += 1) {
        const response = await fetch(`${degraded.url}/ready`);
        expect(response.status).toBe(503);
        body = (await response.json()) as Readiness;
      }
      expect(body?.dependencies).toMatchObject({ postgres: 'up', redis: 'down' });
      // HTTP keeps serving while Redis is away.
      expect((await fetch(`${degraded.url}/health`)).status).toBe(200);
    } finally {
      await degraded.close();
    }
  });
});
