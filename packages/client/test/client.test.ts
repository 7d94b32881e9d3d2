import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../apps/api/test/harness.ts';
import { createUser } from '../../../apps/api/test/users.ts';
import { createInternalClient, issueTokens } from '../src/index.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
});
afterAll(() => app.close());

describe('internal client', () => {
  it('signs in with a bearer token and receives a notification live over the WebSocket', async () => {
    const watcher = await createUser(app);
    const follower = await createUser(app);
    const tokens = await issueTokens(app.url, watcher.username, watcher.password);
    const client = createInternalClient(app.url, tokens.accessToken);
    try {
      expect((await client.http.auth.me.query())?.id).toBe(watcher.id);
      const received = new Promise<unknown>((resolve, reject) => {
        const subscription = client.ws.notifications.onEvent.subscribe(
          {},
          {
            onData: (event) => {
              if (JSON.stringify(event).includes(follower.username)) {
                subscription.unsubscribe();
                resolve(event);
              }
            },
            onError: reject,
          },
        );
      });
      // Give the subscription a moment to reach the server before the event it waits for.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await follower.client.social.follow.mutate({ userId: watcher.id });
      expect(JSON.stringify(await received)).toContain(follower.username);
    } finally {
      await client.close();
    }
  });

  it('is refused with a wrong password', async () => {
    const user = await createUser(app);
    await expect(issueTokens(app.url, user.username, 'not the password')).rejects.toThrow();
  });
});
