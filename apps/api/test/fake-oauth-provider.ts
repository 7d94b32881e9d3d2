import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenericProviderDefinition } from '../src/auth/oauth/providers.ts';

/** The person "signed in" at the fake provider: OIDC userinfo claims. */
export interface FakeIdentity {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}

export interface FakeOAuthProvider {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Who the next /authorize approves; `'deny'` answers like a user pressing Cancel. */
  next(identity: FakeIdentity | 'deny'): void;
  /** Tokens from the last successful /token call. */
  lastTokens(): IssuedTokens | null;
  /** How /token calls ended, newest last (`ok` or the OAuth error code). */
  tokenResults: string[];
  /** A provider definition for the API's registry, pointing at this server. */
  definition(overrides?: Partial<GenericProviderDefinition>): GenericProviderDefinition;
  close(): Promise<void>;
}

interface PendingCode {
  identity: FakeIdentity;
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
}

/**
 * A tiny OAuth 2.0 authorization server: /authorize approves at once and redirects back with a
 * code, /token checks client credentials, the code, its redirect URI and the PKCE verifier, and
 * /userinfo answers for an access token it issued.
 */
export async function startFakeOAuthProvider(): Promise<FakeOAuthProvider> {
  const clientId = `client-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(16).toString('hex');
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, FakeIdentity>();
  const tokenResults: string[] = [];
  let nextIdentity: FakeIdentity | 'deny' | null = null;
  let issued: IssuedTokens | null = null;

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const tokenError = (res: http.ServerResponse, status: number, error: string) => {
    tokenResults.push(error);
    json(res, status, { error });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri');
      const state = url.searchParams.get('state');
      if (url.searchParams.get('client_id') !== clientId || !redirectUri || !state) {
        return json(res, 400, { error: 'invalid_request' });
      }
      const back = new URL(redirectUri);
      back.searchParams.set('state', state);
      const identity = nextIdentity;
      nextIdentity = null;
      if (identity === null) return json(res, 400, { error: 'no identity set for this test' });
      if (identity === 'deny') {
        back.searchParams.set('error', 'access_denied');
      } else {
        const code = randomBytes(16).toString('hex');
        const method = url.searchParams.get('code_challenge_method');
        if (method !== null && method !== 'S256') return json(res, 400, { error: 'invalid_request' });
        codes.set(code, {
          identity,
          clientId,
          redirectUri,
          codeChallenge: url.searchParams.get('code_challenge'),
        });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
        if (id !== clientId || secret !== clientSecret) return tokenError(res, 401, 'invalid_client');
        if (body.get('grant_type') !== 'authorization_code') {
          return tokenError(res, 400, 'unsupported_grant_type');
        }
        const pending = codes.get(body.get('code') ?? '');
        codes.delete(body.get('code') ?? ''); // single use, even when the rest is wrong
        if (!pending || pending.redirectUri !== body.get('redirect_uri')) {
          return tokenError(res, 400, 'invalid_grant');
        }
        if (pending.codeChallenge !== null) {
          const verifier = body.get('code_verifier') ?? '';
          const challenge = createHash('sha256').update(verifier).digest('base64url');
          if (challenge !== pending.codeChallenge) return tokenError(res, 400, 'invalid_grant');
        }
        issued = {
          accessToken: `fake-access-${randomBytes(12).toString('hex')}`,
          refreshToken: `fake-refresh-${randomBytes(12).toString('hex')}`,
        };
        accessTokens.set(issued.accessToken, pending.identity);
        tokenResults.push('ok');
        json(res, 200, {
          access_token: issued.accessToken,
          token_type: 'Bearer',
          expires_in: 3600,
          refresh_token: issued.refreshToken,
          scope: 'openid email profile',
        });
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/userinfo') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const identity = token ? accessTokens.get(token) : undefined;
      if (!identity) return json(res, 401, { error: 'invalid_token' });
      return json(res, 200, identity);
    }
    json(res, 404, { error: 'not_found' });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    clientId,
    clientSecret,
    next(identity) {
      nextIdentity = identity;
    },
    lastTokens: () => issued,
    tokenResults,
    definition(overrides = {}) {
      return {
        id: 'fake',
        label: 'Fake Provider',
        clientId,
        clientSecret,
        authorizationEndpoint: `${url}/authorize`,
        tokenEndpoint: `${url}/token`,
        userinfoEndpoint: `${url}/userinfo`,
        scopes: ['openid', 'email', 'profile'],
        pkce: true,
        ...overrides,
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
