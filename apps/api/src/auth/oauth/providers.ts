import { emailSchema } from '@plastic-crack/api-contract';
import { decodeBase64IgnorePadding } from '@oslojs/encoding';
import {
  Apple,
  CodeChallengeMethod,
  decodeIdToken,
  Facebook,
  Google,
  OAuth2Client,
  type OAuth2Tokens,
} from 'arctic';
import { z } from 'zod';
import type { Env } from '../../env.ts';

/** Who the provider says the user is, after the code exchange. */
export interface OAuthProfile {
  /** The provider's stable id for the user (`sub`), never their e-mail. */
  providerUserId: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/** The result of exchanging an authorization code: the profile and the provider's tokens. */
export interface OAuthGrant {
  profile: OAuthProfile;
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: Date | null;
}

export interface OAuthProvider {
  readonly id: string;
  readonly label: string;
  /** PKCE code verifier sent with the exchange (Google and generic providers; arctic has none for Facebook/Apple). */
  readonly usesPkce: boolean;
  authorizationUrl(state: string, codeVerifier: string | null): URL;
  exchange(code: string, codeVerifier: string | null): Promise<OAuthGrant>;
}

/**
 * A standard OAuth 2.0 provider with an OIDC-style userinfo endpoint (`sub`, `email`,
 * `email_verified`, `name`), driven by arctic's generic client. Tests inject one that points at
 * their fake provider; everything after the code exchange is shared with the real providers.
 */
export interface GenericProviderDefinition {
  id: string;
  label: string;
  clientId: string;
  clientSecret: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string;
  scopes: string[];
  pkce: boolean;
}

export interface OAuthRegistry {
  get(id: string): OAuthProvider | undefined;
  /** Enabled providers in a stable order, for the sign-in page's buttons. */
  list(): Array<{ id: string; label: string }>;
}

const PROVIDER_ID = /^[a-z0-9_-]{2,50}$/;
const PROVIDER_TIMEOUT_MS = 10_000;

/**
 * Built once from the env: a provider is enabled only when all its keys are set. `providers` adds
 * generic ones (tests), never through the env.
 */
export function createOAuthRegistry(
  env: Pick<
    Env,
    | 'PUBLIC_ORIGIN'
    | 'GOOGLE_CLIENT_ID'
    | 'GOOGLE_CLIENT_SECRET'
    | 'FACEBOOK_CLIENT_ID'
    | 'FACEBOOK_CLIENT_SECRET'
    | 'APPLE_CLIENT_ID'
    | 'APPLE_TEAM_ID'
    | 'APPLE_KEY_ID'
    | 'APPLE_PRIVATE_KEY'
  >,
  options: { providers?: GenericProviderDefinition[] } = {},
): OAuthRegistry {
  const redirectUri = (id: string) => new URL(`/auth/oauth/${id}/callback`, env.PUBLIC_ORIGIN).toString();
  const providers = new Map<string, OAuthProvider>();
  const add = (provider: OAuthProvider) => {
    if (!PROVIDER_ID.test(provider.id)) throw new Error(`Invalid OAuth provider id "${provider.id}"`);
    if (providers.has(provider.id)) throw new Error(`OAuth provider "${provider.id}" is configured twice`);
    providers.set(provider.id, provider);
  };

  const google = configured('GOOGLE', [env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET]);
  if (google) add(googleProvider(google[0], google[1], redirectUri('google')));
  const facebook = configured('FACEBOOK', [env.FACEBOOK_CLIENT_ID, env.FACEBOOK_CLIENT_SECRET]);
  if (facebook) add(facebookProvider(facebook[0], facebook[1], redirectUri('facebook')));
  const apple = configured('APPLE', [
    env.APPLE_CLIENT_ID,
    env.APPLE_TEAM_ID,
    env.APPLE_KEY_ID,
    env.APPLE_PRIVATE_KEY,
  ]);
  if (apple) add(appleProvider(apple[0], apple[1], apple[2], apple[3], redirectUri('apple')));
  for (const definition of options.providers ?? [])
    add(genericProvider(definition, redirectUri(definition.id)));

  return {
    get: (id) => providers.get(id),
    list: () => [...providers.values()].map(({ id, label }) => ({ id, label })),
  };
}

/** All of a provider's keys, or null when none is set; half a configuration stops start-up. */
function configured<const T extends ReadonlyArray<string | undefined>>(
  prefix: string,
  values: T,
): { [K in keyof T]: string } | null {
  if (values.every((value) => !value)) return null;
  if (values.some((value) => !value)) {
    throw new Error(`Set all of the ${prefix}_* OAuth settings together, or none of them`);
  }
  return values as { [K in keyof T]: string };
}

function googleProvider(clientId: string, clientSecret: string, redirectUri: string): OAuthProvider {
  const google = new Google(clientId, clientSecret, redirectUri);
  const claims = z.object({
    iss: z.enum(['https://accounts.google.com', 'accounts.google.com']),
    aud: z.literal(clientId),
    exp: z.number(),
    sub: z.string().min(1).max(255),
    email: z.string().max(320).optional(),
    email_verified: z.boolean().optional(),
    name: z.string().max(300).optional(),
  });
  return {
    id: 'google',
    label: 'Google',
    usesPkce: true,
    authorizationUrl: (state, codeVerifier) =>
      google.createAuthorizationURL(state, requireVerifier(codeVerifier), ['openid', 'email', 'profile']),
    async exchange(code, codeVerifier) {
      const tokens = await google.validateAuthorizationCode(code, requireVerifier(codeVerifier));
      // The id token comes straight from Google's token endpoint over TLS (OIDC Core 3.1.3.7), so its
      // claims are checked but its signature need not be.
      const idToken = claims.parse(decodeIdToken(tokens.idToken()));
      assertNotExpired(idToken.exp);
      return grantFrom(tokens, {
        providerUserId: idToken.sub,
        email: idToken.email ?? null,
        emailVerified: idToken.email_verified === true,
        name: idToken.name ?? null,
      });
    },
  };
}

function facebookProvider(clientId: string, clientSecret: string, redirectUri: string): OAuthProvider {
  const facebook = new Facebook(clientId, clientSecret, redirectUri);
  const me = z.object({
    id: z.string().min(1).max(255),
    name: z.string().max(300).optional(),
    email: z.string().max(320).optional(),
  });
  return {
    id: 'facebook',
    label: 'Facebook',
    usesPkce: false,
    authorizationUrl: (state) => facebook.createAuthorizationURL(state, ['email', 'public_profile']),
    async exchange(code) {
      const tokens = await facebook.validateAuthorizationCode(code);
      const profile = me.parse(
        await fetchJsonWithToken(
          'https://graph.facebook.com/v16.0/me?fields=id,name,email',
          tokens.accessToken(),
        ),
      );
      return grantFrom(tokens, {
        providerUserId: profile.id,
        email: profile.email ?? null,
        // The Graph API does not say whether the address was confirmed, so it is not trusted as verified.
        emailVerified: false,
        name: profile.name ?? null,
      });
    },
  };
}

function appleProvider(
  clientId: string,
  teamId: string,
  keyId: string,
  privateKeyPem: string,
  redirectUri: string,
): OAuthProvider {
  const apple = new Apple(clientId, teamId, keyId, pkcs8FromPem(privateKeyPem), redirectUri);
  const claims = z.object({
    iss: z.literal('https://appleid.apple.com'),
    aud: z.literal(clientId),
    exp: z.number(),
    sub: z.string().min(1).max(255),
    email: z.string().max(320).optional(),
    // Apple has sent this both as a boolean and as the string "true".
    email_verified: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  });
  return {
    id: 'apple',
    label: 'Apple',
    usesPkce: false,
    authorizationUrl(state) {
      const url = apple.createAuthorizationURL(state, ['name', 'email']);
      // Apple requires form_post when name or email is requested: its callback is a POST.
      url.searchParams.set('response_mode', 'form_post');
      return url;
    },
    async exchange(code) {
      const tokens = await apple.validateAuthorizationCode(code);
      const idToken = claims.parse(decodeIdToken(tokens.idToken()));
      assertNotExpired(idToken.exp);
      return grantFrom(tokens, {
        providerUserId: idToken.sub,
        email: idToken.email ?? null,
        emailVerified: idToken.email_verified === true || idToken.email_verified === 'true',
        name: null,
      });
    },
  };
}

const userinfoClaims = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().max(320).optional(),
  email_verified: z.boolean().optional(),
  name: z.string().max(300).optional(),
});

function genericProvider(definition: GenericProviderDefinition, redirectUri: string): OAuthProvider {
  const client = new OAuth2Client(definition.clientId, definition.clientSecret, redirectUri);
  return {
    id: definition.id,
    label: definition.label,
    usesPkce: definition.pkce,
    authorizationUrl: (state, codeVerifier) =>
      definition.pkce
        ? client.createAuthorizationURLWithPKCE(
            definition.authorizationEndpoint,
            state,
            CodeChallengeMethod.S256,
            requireVerifier(codeVerifier),
            definition.scopes,
          )
        : client.createAuthorizationURL(definition.authorizationEndpoint, state, definition.scopes),
    async exchange(code, codeVerifier) {
      const tokens = await client.validateAuthorizationCode(
        definition.tokenEndpoint,
        code,
        definition.pkce ? requireVerifier(codeVerifier) : null,
      );
      const claims = userinfoClaims.parse(
        await fetchJsonWithToken(definition.userinfoEndpoint, tokens.accessToken()),
      );
      return grantFrom(tokens, {
        providerUserId: claims.sub,
        email: claims.email ?? null,
        emailVerified: claims.email_verified === true,
        name: claims.name ?? null,
      });
    },
  };
}

function grantFrom(tokens: OAuth2Tokens, profile: OAuthProfile): OAuthGrant {
  const data = tokens.data as Record<string, unknown>;
  // An address our users table would refuse counts as no address at all.
  const email = profile.email === null ? null : (emailSchema.safeParse(profile.email).data ?? null);
  return {
    profile: { ...profile, email, emailVerified: email !== null && profile.emailVerified },
    accessToken: typeof data.access_token === 'string' ? tokens.accessToken() : null,
    refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : null,
    expiresAt: typeof data.expires_in === 'number' ? tokens.accessTokenExpiresAt() : null,
  };
}

async function fetchJsonWithToken(url: string, accessToken: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`Provider profile request failed with HTTP ${response.status}`);
  return response.json();
}

function requireVerifier(codeVerifier: string | null): string {
  if (!codeVerifier) throw new Error('This provider needs a PKCE code verifier');
  return codeVerifier;
}

function assertNotExpired(exp: number): void {
  if (exp * 1000 < Date.now() - 60_000) throw new Error('The provider returned an expired id token');
}

/** APPLE_PRIVATE_KEY is the .p8 file's PEM text; env files often carry its newlines as `\n`. */
function pkcs8FromPem(pem: string): Uint8Array {
  const body = pem
    .replaceAll('\\n', '\n')
    .replace('-----BEGIN PRIVATE KEY-----', '')
    .replace('-----END PRIVATE KEY-----', '')
    .replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(body)) throw new Error('APPLE_PRIVATE_KEY is not a PEM private key');
  return decodeBase64IgnorePadding(body);
}
