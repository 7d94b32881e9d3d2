import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Context, Viewer } from '../context.ts';
import { createCallerFactory, router, verifiedProcedure } from '../trpc/init.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser } from '../../test/users.ts';
import { SESSION_ENDED_CLOSE_CODE } from './socket-registry.ts';
import { bearer, expectTrpcError, linkTokenFor, mailsTo, openAuthedSocket, outboxEnv } from './testing.ts';
import { hashToken } from './tokens.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi(outboxEnv());
});
afterAll(() => app.close());

const HOUR_MS = 60 * 60 * 1000;

describe('e-mail verification', () => {
  it('sign-up mails a link; following it verifies the address once, and only its hash was stored', async () => {
    const user = await createUser(app);
    expect((await user.client.auth.me.query())?.emailVerified).toBe(false);
    const [mail] = await mailsTo(app, user.email);
    expect(mail?.subject).toMatch(/Confirm your e-mail/);
    expect(mail?.html).toContain(`${app.origin}/verify-email?token=`);
    const token = (await linkTokenFor(app, user.email, 'verify-email'))!;

    const stored = await app.database.db.userToken.findFirstOrThrow({
      where: { userId: user.id, purpose: 'email_verification' },
    });
    expect(stored.tokenHash).toBe(hashToken(token));
    const lifetime = stored.expiresAt.getTime() - stored.createdAt.getTime();
    expect(Math.abs(lifetime - 48 * HOUR_MS)).toBeLessThan(60_000);

    // Following the link needs no session: people open it in another browser or on their phone.
    expect(await app.client().auth.verifyEmail.mutate({ token })).toEqual({ verified: true });
    expect((await user.client.auth.me.query())?.emailVerified).toBe(true);
    await expectTrpcError(app.client().auth.verifyEmail.mutate({ token }), 'BAD_REQUEST');
    const audit = await app.database.db.auditLog.findFirstOrThrow({
      where: { userId: user.id, action: 'auth.email_verified' },
    });
    expect(audit.recordId).toBe(user.id);
  });

  it('refuses an expired, unknown or malformed token and verifies nothing', async () => {
    const user = await createUser(app);
    const token = (await linkTokenFor(app, user.email, 'verify-email'))!;
    await app.database.db.userToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const expired = await expectTrpcError(app.client().auth.verifyEmail.mutate({ token }), 'BAD_REQUEST');
    expect(expired.message).toMatch(/invalid or has expired/);
    await expectTrpcError(app.client().auth.verifyEmail.mutate({ token: 'z'.repeat(40) }), 'BAD_REQUEST');
    const malformed = await expectTrpcError(
      app.client().auth.verifyEmail.mutate({ token: 'abc' }),
      'BAD_REQUEST',
    );
    expect(malformed.data?.zod?.fieldErrors).toHaveProperty('token');
    expect((await user.client.auth.me.query())?.emailVerified).toBe(false);
  });

  it('does not verify an address the account no longer uses', async () => {
    const user = await createUser(app);
    const token = (await linkTokenFor(app, user.email, 'verify-email'))!;
    await app.database.db.user.update({ where: { id: user.id }, data: { email: `new.${user.email}` } });
    await expectTrpcError(app.client().auth.verifyEmail.mutate({ token }), 'BAD_REQUEST');
    expect((await user.client.auth.me.query())?.emailVerified).toBe(false);
  });

  it('resends a fresh link (the old one stops working), not to a verified account, not to a visitor', async () => {
    const user = await createUser(app);
    const first = (await linkTokenFor(app, user.email, 'verify-email'))!;
    expect(await user.client.auth.resendVerification.mutate()).toEqual({ sent: true });
    const second = (await linkTokenFor(app, user.email, 'verify-email'))!;
    expect(second).not.toBe(first);
    await expectTrpcError(app.client().auth.verifyEmail.mutate({ token: first }), 'BAD_REQUEST');
    await app.client().auth.verifyEmail.mutate({ token: second });
    const mailsBefore = (await mailsTo(app, user.email)).length;
    expect(await user.client.auth.resendVerification.mutate()).toEqual({ sent: false });
    expect((await mailsTo(app, user.email)).length).toBe(mailsBefore);
    await expectTrpcError(app.client().auth.resendVerification.mutate(), 'UNAUTHORIZED');
  });
});

describe('password reset', () => {
  it('answers the same whether or not the address has an account, and mails only a real one', async () => {
    const user = await createUser(app);
    const known = await app.client().auth.requestPasswordReset.mutate({ email: user.email.toUpperCase() });
    const unknown = await app.client().auth.requestPasswordReset.mutate({ email: 'nobody@example.com' });
    expect(known).toEqual(unknown);
    await vi.waitFor(async () =>
      expect(await linkTokenFor(app, user.email, 'reset-password')).not.toBeNull(),
    );
    expect(await mailsTo(app, 'nobody@example.com')).toEqual([]);
    expect(
      await app.database.db.userToken.count({ where: { purpose: 'password_reset', userId: user.id } }),
    ).toBe(1);
  });

  it('resets end to end: new password works, old does not, every session, refresh token and socket ends', async () => {
    const user = await createUser(app);
    const tokens = await app
      .client()
      .auth.token.issue.mutate({ identifier: user.username, password: user.password });
    const socket = await openAuthedSocket(app, { cookie: user.cookie });
    await app.client().auth.requestPasswordReset.mutate({ email: user.email });
    const token = await vi.waitFor(async () => {
      const found = await linkTokenFor(app, user.email, 'reset-password');
      expect(found).not.toBeNull();
      return found!;
    });
    const stored = await app.database.db.userToken.findFirstOrThrow({
      where: { userId: user.id, purpose: 'password_reset' },
    });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(Math.abs(stored.expiresAt.getTime() - stored.createdAt.getTime() - HOUR_MS)).toBeLessThan(60_000);

    expect(
      await app.client().auth.resetPassword.mutate({ token, newPassword: 'my fresh new password' }),
    ).toEqual({
      reset: true,
    });
    expect(await socket.closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await user.client.auth.me.query()).toBeNull();
    expect(await bearer(app, tokens.accessToken).auth.me.query()).toBeNull();
    await expectTrpcError(
      app.client().auth.token.refresh.mutate({ refreshToken: tokens.refreshToken }),
      'UNAUTHORIZED',
    );
    expect(await app.database.db.session.count({ where: { userId: user.id } })).toBe(0);
    await expectTrpcError(
      app.client().auth.signIn.mutate({ identifier: user.username, password: user.password }),
      'UNAUTHORIZED',
    );
    const signedIn = await app.client().auth.signIn.mutate({
      identifier: user.username,
      password: 'my fresh new password',
    });
    // The link proved the mailbox, so the address counts as verified too.
    expect(signedIn.account.emailVerified).toBe(true);
    await expectTrpcError(
      app.client().auth.resetPassword.mutate({ token, newPassword: 'yet another password' }),
      'BAD_REQUEST',
    );
    expect(
      await app.database.db.auditLog.count({ where: { userId: user.id, action: 'auth.password_reset' } }),
    ).toBe(1);
  });

  it('refuses bad input and an expired link, changing nothing', async () => {
    const user = await createUser(app);
    const before = await app.database.db.user.findUniqueOrThrow({ where: { id: user.id } });
    await expectTrpcError(
      app.client().auth.requestPasswordReset.mutate({ email: 'not-an-email' }),
      'BAD_REQUEST',
    );
    await app.client().auth.requestPasswordReset.mutate({ email: user.email });
    const token = await vi.waitFor(async () => {
      const found = await linkTokenFor(app, user.email, 'reset-password');
      expect(found).not.toBeNull();
      return found!;
    });
    const short = await expectTrpcError(
      app.client().auth.resetPassword.mutate({ token, newPassword: 'short' }),
      'BAD_REQUEST',
    );
    expect(short.data?.zod?.fieldErrors).toHaveProperty('newPassword');
    await app.database.db.userToken.updateMany({
      where: { userId: user.id, purpose: 'password_reset' },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    await expectTrpcError(
      app.client().auth.resetPassword.mutate({ token, newPassword: 'a perfectly good password' }),
      'BAD_REQUEST',
    );
    const after = await app.database.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(await user.client.auth.me.query()).not.toBeNull();
  });
});

describe('the development outbox', () => {
  it('lists the mails with their links as HTML', async () => {
    const user = await createUser(app);
    const token = (await linkTokenFor(app, user.email, 'verify-email'))!;
    const response = await fetch(`${app.url}/dev/outbox`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain(`<a href="${app.origin}/verify-email?token=${token}">`);
    expect(html).toContain(user.email);
  });

  it('does not exist in production', async () => {
    const production = await startTestApi({
      ...outboxEnv(),
      NODE_ENV: 'production',
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    try {
      expect((await fetch(`${production.url}/dev/outbox`)).status).toBe(404);
      expect((await fetch(`${production.url}/dev/outbox.json`)).status).toBe(404);
    } finally {
      await production.close();
    }
  }, 60_000); // a second API with its own database
});

describe('verifiedProcedure', () => {
  const probeRouter = router({ probe: verifiedProcedure.mutation(() => 'reached') });
  const callAs = (viewer: Viewer | null) =>
    createCallerFactory(probeRouter)({
      services: app.services,
      meta: { requestId: 'test', transport: 'http', ip: '127.0.0.1', userAgent: null, origin: null },
      log: app.services.logger,
      viewer,
      res: null,
      req: {} as IncomingMessage,
    } satisfies Context).probe();

  it('lets a verified account through and stops an unverified one and a visitor', async () => {
    const viewer: Viewer = {
      userId: 'u',
      sessionId: 's',
      username: 'u',
      isAdmin: false,
      emailVerified: true,
    };
    expect(await callAs(viewer)).toBe('reached');
    const unverified = await callAs({ ...viewer, emailVerified: false }).catch((error: unknown) => error);
    expect(unverified).toBeInstanceOf(TRPCError);
    expect((unverified as TRPCError).code).toBe('FORBIDDEN');
    expect((unverified as TRPCError).message).toMatch(/Confirm your e-mail/);
    const visitor = await callAs(null).catch((error: unknown) => error);
    expect((visitor as TRPCError).code).toBe('UNAUTHORIZED');
  });
});
