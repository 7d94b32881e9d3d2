import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTrpcError, outboxEnv } from '../auth/testing.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser } from '../../test/users.ts';
import { identifierDigest, recordAudit } from './service.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi({ ...outboxEnv(), TRUST_PROXY: 'true' });
});
afterAll(() => app.close());

const browser = { 'user-agent': 'Mozilla/5.0 (Audit test)', 'x-forwarded-for': '203.0.113.77' };
const asBrowser = (extra: Record<string, string> = {}) => app.client(() => ({ ...browser, ...extra }));

describe('audit log', () => {
  it('records a successful sign-in and a sign-out with the caller’s IP and user agent', async () => {
    const user = await createUser(app);
    await asBrowser().auth.signIn.mutate({ identifier: user.username, password: user.password });
    await asBrowser({ cookie: user.cookie }).auth.signOut.mutate();
    const rows = await app.database.db.auditLog.findMany({
      where: { userId: user.id, action: { in: ['auth.sign_in', 'auth.sign_out'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((row) => row.action)).toEqual(['auth.sign_in', 'auth.sign_out']);
    for (const row of rows) {
      expect(row.ipAddress).toBe('203.0.113.77');
      expect(row.userAgent).toBe('Mozilla/5.0 (Audit test)');
    }
  });

  it('records a failed sign-in with the identifier only as a digest and never the password', async () => {
    const user = await createUser(app);
    const password = 'my-secret-guess-123';
    await expectTrpcError(
      asBrowser().auth.signIn.mutate({ identifier: user.email, password }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(
      asBrowser().auth.signIn.mutate({ identifier: 'no_such_painter', password }),
      'UNAUTHORIZED',
    );
    const known = await app.database.db.auditLog.findFirstOrThrow({
      where: { userId: user.id, action: 'auth.sign_in_failed' },
    });
    expect(known.newValues).toEqual({ identifierSha256: identifierDigest(user.email) });
    expect(known.ipAddress).toBe('203.0.113.77');
    const unknown = await app.database.db.auditLog.findFirstOrThrow({
      where: { userId: null, action: 'auth.sign_in_failed' },
    });
    expect(unknown.newValues).toEqual({ identifierSha256: identifierDigest('no_such_painter') });
    const everything = JSON.stringify(await app.database.db.auditLog.findMany());
    expect(everything).not.toContain(password);
    expect(everything).not.toContain('no_such_painter');
  });

  it('recordAudit writes what a caller (e.g. OAuth linking) passes, with request metadata', async () => {
    const user = await createUser(app);
    await recordAudit(
      app.database.db,
      { ip: '2001:db8::5', userAgent: 'PlasticCrack-iOS/2.0' },
      {
        userId: user.id,
        action: 'auth.oauth_linked',
        tableName: 'oauth_providers',
        newValues: { provider: 'google' },
      },
    );
    const row = await app.database.db.auditLog.findFirstOrThrow({
      where: { userId: user.id, action: 'auth.oauth_linked' },
    });
    expect(row).toMatchObject({
      ipAddress: '2001:db8::5',
      userAgent: 'PlasticCrack-iOS/2.0',
      tableName: 'oauth_providers',
      newValues: { provider: 'google' },
    });
  });
});
