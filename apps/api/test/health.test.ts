import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Readiness } from '../src/health/service.ts';
import { startTestApi, type TestApi } from './harness.ts';

let app: TestApi;
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
    const response = await fetch(`${app.url}/ready`);
    const body = (await response.json()) as Readiness;
    expect(response.status).toBe(200);
    expect(body.dependencies.postgres).toBe('up');
    expect(body.dependencies.redis).toBe(process.env.REDIS_URL ? 'up' : 'not_configured');
  });

  it('serves health.status over HTTP and over the WebSocket', async () => {
    const viaHttp = await app.client().health.status.query();
    expect(viaHttp.dependencies.postgres).toBe('up');
    const socket = app.wsClient();
    const viaWs = await socket.client.health.status.query();
    expect(viaWs.ready).toBe(true);
    await socket.close();
  });
});

describe('readiness when a dependency is down', () => {
  it('returns 503 and names Redis when Redis does not answer', async () => {
    const degraded = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const response = await fetch(`${degraded.url}/ready`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as Readiness;
      expect(body.dependencies).toMatchObject({ postgres: 'up', redis: 'down' });
      // HTTP keeps serving while Redis is away.
      expect((await fetch(`${degraded.url}/health`)).status).toBe(200);
    } finally {
      await degraded.close();
    }
  });
});
