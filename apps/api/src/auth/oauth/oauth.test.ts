import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncryption } from '../../infra/encryption.ts';
import {
  startFakeOAuthProvider,
  type FakeIdentity,
  type FakeOAuthProvider,
} from '../../../test/fake-oauth-provider.ts';
import { startTestApi, type TestApi } from '../../../test/harness.ts';
import { createUser } from '../../../test/users.ts';
import { createOAuthRegistry } from './providers.ts';
import { useOAuthRegistry } from './runtime.ts';
import { tokenContext } from './service.ts';
import { expectTrpcError } from '../../../test/errors.ts';

let app: TestApi;
let fake: FakeOAuthProvider;
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeOAuthProvider();
  // No ENCRYPTION_KEY: tokens are encrypted with the development key derived under DATA_DIR.
  dataDir = mkdtempSync(path.join(tmpdir(), 'pc-oauth-'));
  app = await startTestApi({ DATA_DIR: dataDir });
  useOAuthRegistry(
    app.services,
    createOAuthRegistry(app.services.env, {
      providers: [fake.definition(), fake.definition({ id: 'fake2', label: 'Second Fake' })],
    }),
  );
});
afterAll(async () => {
  await app.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A cookie jar over fetch that never follows redirects, so each hop can be inspected. */
class Browser {
  readonly jar = new Map<string, string>();

  constructor(cookie?: string) {
    if (cookie) this.store([cookie]);
  }

  get cookie(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookie },
    });
    this.store(response.headers.getSetCookie());
    return response;
  }

  private store(cookies: string[]): void {
    for (const cookie of cookies) {
      const [pair = '', ...attributes] = cookie.split(';').map((part) => part.trim());
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const expired = attributes.some((attribute) => attribute.toLowerCase() === 'max-age=0');
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
}

const location = (response: Response) => new URL(response.headers.get('location')!, app.url);

let identities = 0;
function identity(overrides: Partial<FakeIdentity> = {}): FakeIdentity {
  identities += 1;
  const tag = `${identities}${randomBytes(3).toString('hex')}`;
  return {
    sub: `sub-${tag}`,
    email: `mini${tag}@painters.example`,
    email_verified: true,
    name: 'Ada Lovelace',
    ...overrides,
  };
}

/** Start → fake /authorize → our callback, returning the callback request before it is made. */
async function toCallback(browser: Browser, query: string, provider = 'fake'): Promise<URL> {
  const started = await browser.request(`${app.url}/auth/oauth/${provider}/start?${query}`);
  expect(started.status).toBe(302);
  const authorize = location(started);
  expect(authorize.origin).toBe(fake.url);
  const approved = await browser.request(authorize);
  expect(approved.status).toBe(302);
  const callback = location(approved);
  expect(callback.pathname).toBe(`/auth/oauth/${provider}/callback`);
  return callback;
}

/** A whole browser flow; returns where the API finally sends the browser. */
async function oauthFlow(
  browser: Browser,
  who: FakeIdentity | 'deny',
  query = 'returnTo=/',
  provider = 'fake',
): Promise<URL> {
  fake.next(who);
  const callback = await toCallback(browser, query, provider);
  const finished = await browser.request(callback);
  expect(finished.status).toBe(302);
  return location(finished);
}

function expectOutcome(final: URL, outcome: Record<string, string>, pathname = '/'): void {
  expect(final.origin).toBe(app.origin);
  expect(final.pathname).toBe(pathname);
  for (const [name, value] of Object.entries(outcome)) expect(final.searchParams.get(name)).toBe(value);
}

const db = () => app.database.db;
const clientFor = (browser: Browser) => app.client(() => ({ cookie: browser.cookie }));
const auditActions = async (userId: string) =>
  (
    await db().auditLog.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: { action: true, newValues: true, oldValues: true, recordId: true },
    })
  ).map(({ action, newValues, oldValues, recordId }) => ({ action, newValues, oldValues, recordId }));
const linkOf = (provider: string, providerUserId: string) =>
  db().oAuthProvider.findUnique({ where: { provider_providerUserId: { provider, providerUserId } } });

describe('sign-up and sign-in through a provider', () => {
  it('signs up a new account with a session and stores the provider tokens encrypted', async () => {
    const who = identity({ name: 'Ada Lovelace' });
    const browser = new Browser();
    const final = await oauthFlow(browser, who, 'returnTo=/welcome?tab=army');
    expectOutcome(
      final,
      { oauth: 'success', action: 'signed_up', provider: 'fake', tab: 'army' },
      '/welcome',
    );
    expect(browser.jar.has('pc_oauth_state')).toBe(false);
    expect(browser.jar.has('pc_oauth_verifier')).toBe(false);

    const me = await clientFor(browser).auth.me.query();
    expect(me?.email).toBe(who.email);
    expect(me?.emailVerified).toBe(true);
    expect(me?.username).toMatch(/^ada_lovelace(_[0-9a-f]{6})?$/);
    const user = await db().user.findUniqueOrThrow({ where: { id: me!.id } });
    expect(user.passwordHash).toBeNull();

    const row = await linkOf('fake', who.sub);
    const issued = fake.lastTokens()!;
    expect(row?.userId).toBe(me!.id);
    expect(row?.email).toBe(who.email);
    expect(row?.accessTokenEncrypted).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(row?.refreshTokenEncrypted).toMatch(/^v1\./);
    expect(row?.accessTokenEncrypted).not.toContain(issued.accessToken);
    expect(row?.refreshTokenEncrypted).not.toContain(issued.refreshToken);
    expect(row!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3000 * 1000);
    // A separate instance derives the same key from DATA_DIR: the ciphertext really is the token.
    const encryption = createEncryption(app.services.env);
    expect(encryption.decrypt(row!.accessTokenEncrypted!, tokenContext('fake', who.sub, 'access'))).toBe(
      issued.accessToken,
    );
    expect(encryption.decrypt(row!.refreshTokenEncrypted!, tokenContext('fake', who.sub, 'refresh'))).toBe(
      issued.refreshToken,
    );
    expect(await auditActions(me!.id)).toEqual([
      {
        action: 'auth.sign_up',
        recordId: me!.id,
        newValues: { via: 'oauth', provider: 'fake' },
        oldValues: null,
      },
    ]);
    // The provider vouched for the address, so no confirmation mail is sent.
    const outbox = await app.services.mailer.outbox!.list(50);
    expect(outbox.some((mail) => mail.to === who.email)).toBe(false);
  });

  it('signs the same provider identity into the same account the second time, with fresh tokens', async () => {
    const who = identity();
    const first = new Browser();
    expectOutcome(await oauthFlow(first, who), { oauth: 'success', action: 'signed_up' });
    const firstMe = await clientFor(first).auth.me.query();
    const usersBefore = await db().user.count();

    const second = new Browser();
    expectOutcome(await oauthFlow(second, who), { oauth: 'success', action: 'signed_in' });
    const secondMe = await clientFor(second).auth.me.query();
    expect(secondMe?.id).toBe(firstMe!.id);
    expect(second.jar.get('pc_session')).not.toBe(first.jar.get('pc_session'));
    expect(await db().user.count()).toBe(usersBefore);
    expect(await db().session.count({ where: { userId: firstMe!.id } })).toBe(2);
    expect((await auditActions(firstMe!.id)).map((entry) => entry.action)).toEqual([
      'auth.sign_up',
      'auth.sign_in',
    ]);
    expect((await auditActions(firstMe!.id))[1]?.newValues).toEqual({ via: 'oauth', provider: 'fake' });
    const row = await linkOf('fake', who.sub);
    expect(
      createEncryption(app.services.env).decrypt(
        row!.accessTokenEncrypted!,
        tokenContext('fake', who.sub, 'access'),
      ),
    ).toBe(fake.lastTokens()!.accessToken);
  });

  it('makes a unique username when the derived one is taken', async () => {
    const taken = await createUser(app, { username: 'brush_lord' });
    const browser = new Browser();
    expectOutcome(await oauthFlow(browser, identity({ name: 'Brush Lord' })), { action: 'signed_up' });
    const me = await clientFor(browser).auth.me.query();
    expect(me?.username).toMatch(/^brush_lord_[0-9a-f]{6}$/);
    expect(me?.id).not.toBe(taken.id);
  });

  it('keeps an unverified provider e-mail unverified on the new account and mails a confirmation link', async () => {
    const browser = new Browser();
    const who = identity({ email_verified: false });
    const final = await oauthFlow(browser, who);
    expectOutcome(final, { oauth: 'success', action: 'signed_up' });
    expect((await clientFor(browser).auth.me.query())?.emailVerified).toBe(false);
    const outbox = await app.services.mailer.outbox!.list(50);
    expect(outbox.filter((mail) => mail.to === who.email)).toHaveLength(1);
  });

  it('gives two simultaneous first sign-ins with one identity exactly one account', async () => {
    const who = identity();
    const browsers = [new Browser(), new Browser()];
    const callbacks: URL[] = [];
    for (const browser of browsers) {
      fake.next(who);
      callbacks.push(await toCallback(browser, 'returnTo=/'));
    }
    const finals = await Promise.all(
      browsers.map(async (browser, index) => location(await browser.request(callbacks[index]!))),
    );
    expect(finals.map((final) => final.searchParams.get('action')).sort()).toEqual([
      'signed_in',
      'signed_up',
    ]);
    const [a, b] = await Promise.all(browsers.map((browser) => clientFor(browser).auth.me.query()));
    expect(a?.id).toBe(b?.id);
    expect(await db().user.count({ where: { email: who.email! } })).toBe(1);
  });
});

describe('refusals during sign-in', () => {
  it('never links to an existing account with the same e-mail: the owner must sign in and link', async () => {
    const owner = await createUser(app);
    for (const email_verified of [true, false]) {
      const usersBefore = await db().user.count();
      const who = identity({ email: owner.email.toUpperCase(), email_verified });
      const browser = new Browser();
      const final = await oauthFlow(browser, who);
      expectOutcome(final, { oauth: 'error', reason: 'account_exists', provider: 'fake' });
      expect(browser.jar.has('pc_session')).toBe(false);
      expect(await db().user.count()).toBe(usersBefore);
      expect(await linkOf('fake', who.sub)).toBeNull();
    }
    expect(await db().oAuthProvider.count({ where: { userId: owner.id } })).toBe(0);
  });

  it('refuses a provider identity without an e-mail address', async () => {
    const who = identity({ email: undefined });
    const final = await oauthFlow(new Browser(), who);
    expectOutcome(final, { oauth: 'error', reason: 'email_required' });
    expect(await linkOf('fake', who.sub)).toBeNull();
  });

  it('reports a user who cancels at the provider', async () => {
    const usersBefore = await db().user.count();
    const final = await oauthFlow(new Browser(), 'deny', 'returnTo=/sign-in');
    expectOutcome(final, { oauth: 'error', reason: 'access_denied' }, '/sign-in');
    expect(await db().user.count()).toBe(usersBefore);
  });

  it('rejects a tampered state before exchanging the code, and signs nobody in', async () => {
    const usersBefore = await db().user.count();
    const exchangesBefore = fake.tokenResults.length;
    const browser = new Browser();
    fake.next(identity());
    const callback = await toCallback(browser, 'returnTo=/');
    callback.searchParams.set('state', `${callback.searchParams.get('state')!.slice(0, -1)}x`);
    const final = location(await browser.request(callback));
    expectOutcome(final, { oauth: 'error', reason: 'invalid_state' });
    expect(browser.jar.has('pc_session')).toBe(false);
    expect(browser.jar.has('pc_oauth_state')).toBe(false);
    expect(fake.tokenResults.length).toBe(exchangesBefore);
    expect(await db().user.count()).toBe(usersBefore);
  });

  it('rejects a callback that arrives without the flow cookie (another browser, or expired)', async () => {
    fake.next(identity());
    const callback = await toCallback(new Browser(), 'returnTo=/');
    const final = location(await new Browser().request(callback));
    expectOutcome(final, { oauth: 'error', reason: 'state_expired' });
  });

  it('fails the exchange when the PKCE verifier does not match the challenge', async () => {
    const browser = new Browser();
    const who = identity();
    fake.next(who);
    const callback = await toCallback(browser, 'returnTo=/');
    browser.jar.set('pc_oauth_verifier', 'a'.repeat(43));
    const final = location(await browser.request(callback));
    expectOutcome(final, { oauth: 'error', reason: 'exchange_failed' });
    expect(fake.tokenResults.at(-1)).toBe('invalid_grant');
    expect(await linkOf('fake', who.sub)).toBeNull();
  });

  it('refuses a return address on another site or a malformed start request, setting nothing', async () => {
    const refused = [
      'returnTo=https%3A%2F%2Fevil.example',
      'returnTo=%2F%2Fevil.example',
      'returnTo=%2F%5Cevil.example',
      'returnTo=%2F%09%2Fevil.example',
      'returnTo=evil.example',
      'returnTo=javascript%3Aalert(1)',
      `returnTo=%2F${'a'.repeat(600)}`,
      'mode=admin',
    ];
    for (const query of refused) {
      const response = await fetch(`${app.url}/auth/oauth/fake/start?${query}`, { redirect: 'manual' });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(((await response.json()) as { error: string }).error).toMatch(/.+/);
    }
  });

  it('answers 404 for an unknown provider and for a route it does not serve', async () => {
    for (const url of [
      '/auth/oauth/myspace/start',
      '/auth/oauth/google/start',
      '/auth/oauth/fake/elsewhere',
    ]) {
      const response = await fetch(`${app.url}${url}`, { redirect: 'manual' });
      expect(response.status, url).toBe(404);
    }
  });
});

describe("Apple's form_post callback", () => {
  it('turns the POST into a GET of the callback that carries the flow cookies', async () => {
    const browser = new Browser();
    const who = identity();
    fake.next(who);
    const callback = await toCallback(browser, 'returnTo=/');
    const posted = await fetch(`${app.url}${callback.pathname}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      // Cross-site: the browser sends no cookies with it.
      body: new URLSearchParams({
        code: callback.searchParams.get('code')!,
        state: callback.searchParams.get('state')!,
        user: '{"name":{"firstName":"Ada"}}',
      }).toString(),
    });
    expect(posted.status).toBe(303);
    const redirected = location(posted);
    expect(redirected.pathname).toBe(callback.pathname);
    expect(redirected.searchParams.get('user')).toBeNull();
    const final = location(await browser.request(redirected));
    expectOutcome(final, { oauth: 'success', action: 'signed_up' });
    expect((await linkOf('fake', who.sub))?.userId).toBeDefined();
  });

  it('refuses an oversized or non-form POST', async () => {
    const callbackUrl = `${app.url}/auth/oauth/fake/callback`;
    const big = await fetch(callbackUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `code=${'a'.repeat(20_000)}`,
    });
    expect(big.status).toBe(413);
    const json = await fetch(callbackUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
  });
});

describe('linking a provider to a signed-in account', () => {
  it('links, lists it without tokens, and then lets the provider sign in to that account', async () => {
    const user = await createUser(app);
    const who = identity();
    const final = await oauthFlow(new Browser(user.cookie), who, 'mode=link&returnTo=/settings/sign-in');
    expectOutcome(final, { oauth: 'success', action: 'linked', provider: 'fake' }, '/settings/sign-in');
    const link = await linkOf('fake', who.sub);
    expect(link?.userId).toBe(user.id);
    expect((await auditActions(user.id)).filter((entry) => entry.action === 'auth.oauth_linked')).toEqual([
      {
        action: 'auth.oauth_linked',
        recordId: link!.id,
        newValues: { provider: 'fake', providerUserId: who.sub },
        oldValues: null,
      },
    ]);

    const linked = await user.client.auth.oauth.linked.query();
    expect(linked.canUnlink).toBe(true);
    expect(linked.providers).toHaveLength(1);
    expect(Object.keys(linked.providers[0]!).sort()).toEqual([
      'createdAt',
      'email',
      'enabled',
      'label',
      'provider',
    ]);
    expect(linked.providers[0]).toMatchObject({
      provider: 'fake',
      label: 'Fake Provider',
      enabled: true,
      email: who.email,
    });
    expect(JSON.stringify(linked)).not.toContain(fake.lastTokens()!.accessToken);

    const browser = new Browser();
    expectOutcome(await oauthFlow(browser, who), { oauth: 'success', action: 'signed_in' });
    expect((await clientFor(browser).auth.me.query())?.id).toBe(user.id);
  });

  it('refuses to link a provider identity that is already linked to another account', async () => {
    const owner = await createUser(app);
    const other = await createUser(app);
    const who = identity();
    expectOutcome(await oauthFlow(new Browser(owner.cookie), who, 'mode=link'), { action: 'linked' });
    const final = await oauthFlow(new Browser(other.cookie), who, 'mode=link');
    expectOutcome(final, { oauth: 'error', reason: 'identity_linked_elsewhere' });
    expect((await linkOf('fake', who.sub))?.userId).toBe(owner.id);
    expect(await db().oAuthProvider.count({ where: { userId: other.id } })).toBe(0);
    expect((await auditActions(other.id)).some((entry) => entry.action === 'auth.oauth_linked')).toBe(false);
  });

  it('refuses a second identity from the same provider on one account', async () => {
    const user = await createUser(app);
    expectOutcome(await oauthFlow(new Browser(user.cookie), identity(), 'mode=link'), { action: 'linked' });
    const second = identity();
    const final = await oauthFlow(new Browser(user.cookie), second, 'mode=link');
    expectOutcome(final, { oauth: 'error', reason: 'provider_already_linked' });
    expect(await linkOf('fake', second.sub)).toBeNull();
  });

  it('needs a signed-in account to start linking, and the same account to finish', async () => {
    const anonymous = await fetch(`${app.url}/auth/oauth/fake/start?mode=link&returnTo=/settings`, {
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(302);
    expectOutcome(location(anonymous), { oauth: 'error', reason: 'not_signed_in' }, '/settings');
    expect(anonymous.headers.getSetCookie()).toEqual([]);

    const starter = await createUser(app);
    const intruder = await createUser(app);
    const browser = new Browser(starter.cookie);
    const who = identity();
    fake.next(who);
    const callback = await toCallback(browser, 'mode=link');
    browser.jar.set('pc_session', intruder.cookie.split('=')[1]!);
    expectOutcome(location(await browser.request(callback)), { oauth: 'error', reason: 'not_signed_in' });
    expect(await linkOf('fake', who.sub)).toBeNull();
  });
});

describe('auth.oauth procedures', () => {
  it('refuses to unlink the last way in, and unlinks once another exists', async () => {
    const browser = new Browser();
    const who = identity();
    expectOutcome(await oauthFlow(browser, who), { action: 'signed_up' });
    const client = clientFor(browser);
    expect((await client.auth.oauth.linked.query()).canUnlink).toBe(false);
    await expectTrpcError(client.auth.oauth.unlink.mutate({ provider: 'fake' }), 'CONFLICT');
    const link = await linkOf('fake', who.sub);
    expect(link).not.toBeNull();
    const userId = link!.userId;
    expect((await auditActions(userId)).some((entry) => entry.action === 'auth.oauth_unlinked')).toBe(false);

    const second = identity();
    expectOutcome(await oauthFlow(browser, second, 'mode=link', 'fake2'), { action: 'linked' });
    expect((await client.auth.oauth.linked.query()).canUnlink).toBe(true);
    expect(await client.auth.oauth.unlink.mutate({ provider: 'fake' })).toEqual({
      provider: 'fake',
      unlinked: true,
    });
    expect(await linkOf('fake', who.sub)).toBeNull();
    expect((await auditActions(userId)).filter((entry) => entry.action === 'auth.oauth_unlinked')).toEqual([
      {
        action: 'auth.oauth_unlinked',
        recordId: link!.id,
        oldValues: { provider: 'fake', providerUserId: who.sub },
        newValues: null,
      },
    ]);
    await expectTrpcError(client.auth.oauth.unlink.mutate({ provider: 'fake2' }), 'CONFLICT');
    expect(await linkOf('fake2', second.sub)).not.toBeNull();
  });

  it('lets only one of two simultaneous unlinks through when together they would remove the last way in', async () => {
    const browser = new Browser();
    const [first, second] = [identity(), identity()];
    expectOutcome(await oauthFlow(browser, first), { action: 'signed_up' });
    expectOutcome(await oauthFlow(browser, second, 'mode=link', 'fake2'), { action: 'linked' });
    const me = await clientFor(browser).auth.me.query();
    const results = await Promise.allSettled(
      ['fake', 'fake2'].map((provider) => clientFor(browser).auth.oauth.unlink.mutate({ provider })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await db().oAuthProvider.count({ where: { userId: me!.id } })).toBe(1);
  });

  it('unlinks freely when the account has a password', async () => {
    const user = await createUser(app);
    expectOutcome(await oauthFlow(new Browser(user.cookie), identity(), 'mode=link'), { action: 'linked' });
    await user.client.auth.oauth.unlink.mutate({ provider: 'fake' });
    expect((await user.client.auth.oauth.linked.query()).providers).toEqual([]);
    await expectTrpcError(user.client.auth.oauth.unlink.mutate({ provider: 'fake' }), 'NOT_FOUND');
  });

  it('rejects a malformed provider with a typed error and changes nothing', async () => {
    const user = await createUser(app);
    expectOutcome(await oauthFlow(new Browser(user.cookie), identity(), 'mode=link'), { action: 'linked' });
    for (const provider of ['Not Valid!', '', 'x'.repeat(51)]) {
      await expectTrpcError(user.client.auth.oauth.unlink.mutate({ provider }), 'BAD_REQUEST');
    }
    expect(await db().oAuthProvider.count({ where: { userId: user.id } })).toBe(1);
  });

  it('keeps another user from seeing or unlinking my providers', async () => {
    const me = await createUser(app);
    const other = await createUser(app);
    const who = identity();
    expectOutcome(await oauthFlow(new Browser(me.cookie), who, 'mode=link'), { action: 'linked' });
    expect((await other.client.auth.oauth.linked.query()).providers).toEqual([]);
    await expectTrpcError(other.client.auth.oauth.unlink.mutate({ provider: 'fake' }), 'NOT_FOUND');
    expect((await linkOf('fake', who.sub))?.userId).toBe(me.id);
  });

  it('answers UNAUTHORIZED to an anonymous caller of linked and unlink', async () => {
    const anonymous = app.client();
    await expectTrpcError(anonymous.auth.oauth.linked.query(), 'UNAUTHORIZED');
    await expectTrpcError(anonymous.auth.oauth.unlink.mutate({ provider: 'fake' }), 'UNAUTHORIZED');
  });

  it('lists the injected providers to anyone', async () => {
    expect(await app.client().auth.oauth.providers.query()).toEqual([
      { id: 'fake', label: 'Fake Provider', startPath: '/auth/oauth/fake/start' },
      { id: 'fake2', label: 'Second Fake', startPath: '/auth/oauth/fake2/start' },
    ]);
  });
});

describe('providers enabled by the env', () => {
  let googleApp: TestApi;
  beforeAll(async () => {
    googleApp = await startTestApi({
      DATA_DIR: dataDir,
      GOOGLE_CLIENT_ID: 'google-client-id',
      GOOGLE_CLIENT_SECRET: 'google-client-secret',
    });
  });
  afterAll(() => googleApp.close());

  it('lists Google when its keys are set, and not the providers whose keys are unset', async () => {
    expect(await googleApp.client().auth.oauth.providers.query()).toEqual([
      { id: 'google', label: 'Google', startPath: '/auth/oauth/google/start' },
    ]);
    for (const provider of ['facebook', 'apple', 'fake']) {
      const response = await fetch(`${googleApp.url}/auth/oauth/${provider}/start`, { redirect: 'manual' });
      expect(response.status, provider).toBe(404);
    }
  });

  it("sends the browser to Google's consent page with state and an S256 PKCE challenge", async () => {
    const response = await fetch(`${googleApp.url}/auth/oauth/google/start?returnTo=/collection`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(target.searchParams.get('client_id')).toBe('google-client-id');
    expect(target.searchParams.get('redirect_uri')).toBe(`${googleApp.origin}/auth/oauth/google/callback`);
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    expect(target.searchParams.get('scope')).toBe('openid email profile');
    const cookies = response.headers.getSetCookie();
    const state = cookies.find((cookie) => cookie.startsWith('pc_oauth_state='))!;
    expect(state).toMatch(/HttpOnly/);
    expect(state).toMatch(/SameSite=Lax/);
    expect(state).toMatch(/Path=\/auth\/oauth\//);
    expect(state).toMatch(/Max-Age=600/);
    const flow = JSON.parse(
      Buffer.from(decodeURIComponent(state.split(';')[0]!.split('=')[1]!), 'base64url').toString(),
    ) as { s: string; r: string };
    expect(flow.s).toBe(target.searchParams.get('state'));
    expect(flow.r).toBe('/collection');
    expect(cookies.some((cookie) => cookie.startsWith('pc_oauth_verifier='))).toBe(true);
  });

  it('refuses to start when only some of a provider’s keys are set', () => {
    expect(() =>
      createOAuthRegistry({ ...googleApp.services.env, APPLE_CLIENT_ID: 'apple-only-half-set' }),
    ).toThrow(/APPLE_/);
  });
});
