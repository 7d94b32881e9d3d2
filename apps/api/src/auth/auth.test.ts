import { type TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../router.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, sessionCookieFrom } from '../../test/users.ts';
import { SESSION_ENDED_CLOSE_CODE } from './socket-registry.ts';
import { hashToken } from './tokens.ts';
import { expectTrpcError } from '../../test/errors.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
});
afterAll(() => app.close());

function postSignUp(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.origin, ...headers },
    body: JSON.stringify(body),
  });
}

describe('sign-up', () => {
  it('creates the account and a session cookie that is httpOnly, SameSite=Lax and stored only as a hash', async () => {
    const response = await postSignUp({
      email: 'Ada@Example.com',
      username: 'ada_paints',
      password: 'a long enough password',
    });
    expect(response.status).toBe(200);
    const header = response.headers.getSetCookie().find((value) => value.startsWith('pc_session='))!;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
    expect(header).not.toMatch(/Secure/); // only in production
    const maxAge = Number(/Max-Age=(\d+)/.exec(header)![1]);
    expect(maxAge).toBeGreaterThan(29 * 24 * 3600);

    const token = decodeURIComponent(sessionCookieFrom(response).split('=')[1]!);
    expect(token.length).toBeGreaterThanOrEqual(32); // 25 random bytes, base32
    const user = await app.database.db.user.findUniqueOrThrow({ where: { email: 'ada@example.com' } });
    const sessions = await app.database.db.session.findMany({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).toBe(hashToken(token));
    expect(sessions[0]!.id).not.toContain(token);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('rejects bad input with field errors and writes nothing', async () => {
    const before = await app.database.db.user.count();
    const response = await postSignUp({ email: 'not-an-email', username: 'x', password: 'short' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { data: { code: string; zod: { fieldErrors: Record<string, string[]> } } };
    };
    expect(body.error.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(body.error.data.zod.fieldErrors).sort()).toEqual(['email', 'password', 'username']);
    expect(await app.database.db.user.count()).toBe(before);
  });

  it('refuses a taken e-mail or username, whatever the case', async () => {
    const existing = await createUser(app);
    const sameEmail = await app
      .client()
      .auth.signUp.mutate({
        email: existing.email.toUpperCase(),
        username: 'someone_else',
        password: 'a long enough password',
      })
      .catch((error: unknown) => error);
    expect((sameEmail as TRPCClientError<AppRouter>).data?.code).toBe('CONFLICT');
    await expectTrpcError(
      app.client().auth.signUp.mutate({
        email: 'other@example.com',
        username: existing.username.toUpperCase(),
        password: 'a long enough password',
      }),
      'CONFLICT',
    );
  });

  it('gives two simultaneous sign-ups for one username exactly one account', async () => {
    const attempts = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        app.client().auth.signUp.mutate({
          email: `racer${n}@example.com`,
          username: 'the_racer',
          password: 'a long enough password',
        }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    expect(await app.database.db.user.count({ where: { username: 'the_racer' } })).toBe(1);
  });

  it('refuses a mutation from a foreign origin before doing anything', async () => {
    const before = await app.database.db.user.count();
    const response = await postSignUp(
      { email: 'evil@example.com', username: 'evil_one', password: 'a long enough password' },
      { origin: 'https://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(await app.database.db.user.count()).toBe(before);
  });

  it('refuses a request body over the limit', async () => {
    const response = await postSignUp({
      email: 'big@example.com',
      username: 'big',
      password: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
  });
});

describe('sign-in and sessions', () => {
  it('signs in with username or e-mail and resolves the session from the cookie or a bearer token', async () => {
    const user = await createUser(app);
    for (const identifier of [user.username, user.email.toUpperCase()]) {
      const response = await fetch(`${app.url}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.origin },
        body: JSON.stringify({ identifier, password: user.password }),
      });
      expect(response.status).toBe(200);
      const cookie = sessionCookieFrom(response);
      const me = await app.client(() => ({ cookie })).auth.me.query();
      expect(me?.username).toBe(user.username);
    }
    const viaBearer = await app.client(() => ({ authorization: `Bearer ${user.token}` })).auth.me.query();
    expect(viaBearer?.id).toBe(user.id);
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const user = await createUser(app);
    const wrongPassword = await expectTrpcError(
      app.client().auth.signIn.mutate({ identifier: user.username, password: 'wrong password!' }),
      'UNAUTHORIZED',
    );
    const unknown = await expectTrpcError(
      app.client().auth.signIn.mutate({ identifier: 'nobody_here', password: 'wrong password!' }),
      'UNAUTHORIZED',
    );
    expect(wrongPassword.message).toBe(unknown.message);
  });

  it('treats a visitor, a garbage token and an expired session as signed out', async () => {
    expect(await app.client().auth.me.query()).toBeNull();
    expect(await app.client(() => ({ cookie: 'pc_session=garbage' })).auth.me.query()).toBeNull();
    const user = await createUser(app);
    await app.database.db.session.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await user.client.auth.me.query()).toBeNull();
    expect(await app.database.db.session.count({ where: { userId: user.id } })).toBe(0);
    await expectTrpcError(user.client.auth.signOut.mutate(), 'UNAUTHORIZED');
  });

  it('slides the expiry forward and re-sends the cookie when a session is half used', async () => {
    const user = await createUser(app);
    const soon = new Date(Date.now() + 3 * 24 * 3600 * 1000);
    await app.database.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: soon } });
    const response = await fetch(`${app.url}/trpc/auth.me`, { headers: { cookie: user.cookie } });
    expect(response.headers.getSetCookie().some((value) => value.startsWith('pc_session='))).toBe(true);
    const session = await app.database.db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });
});

describe('sign-out and WebSockets', () => {
  it('resolves the session on the socket from the upgrade cookie or the connection token', async () => {
    const user = await createUser(app);
    const viaCookie = app.wsClient({ headers: { cookie: user.cookie } });
    expect((await viaCookie.client.auth.me.query())?.id).toBe(user.id);
    const anonymous = app.wsClient();
    expect(await anonymous.client.auth.me.query()).toBeNull();
    await Promise.all([viaCookie.close(), anonymous.close()]);
  });

  it('ends the session at once: the cookie is cleared, the token stops working and open sockets close', async () => {
    const user = await createUser(app);
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(app.wsUrl, { headers: { origin: app.origin, cookie: user.cookie } });
    await new Promise((resolve) => socket.once('open', resolve));
    // The server builds the socket's context when it sees the first message.
    socket.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'auth.me', input: undefined } }));
    await new Promise((resolve) => socket.once('message', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    const response = await fetch(`${app.url}/trpc/auth.signOut`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.origin, cookie: user.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().find((value) => value.startsWith('pc_session='))).toMatch(
      /Max-Age=0/,
    );
    expect(await closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await user.client.auth.me.query()).toBeNull();
  });
});
