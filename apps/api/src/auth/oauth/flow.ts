import { createHash, timingSafeEqual } from 'node:crypto';
import {
  oauthModeSchema,
  oauthProviderIdSchema,
  oauthReturnToSchema,
  type OAuthMode,
} from '@plastic-crack/api-contract';
import { z } from 'zod';

/** What the start route remembers for the callback, in an httpOnly cookie beside the verifier. */
export interface OAuthFlow {
  state: string;
  provider: string;
  mode: OAuthMode;
  returnTo: string;
  /** The account a link flow started from; the callback must come back signed in as it. */
  userId: string | null;
}

export const FLOW_COOKIE = 'pc_oauth_state';
export const VERIFIER_COOKIE = 'pc_oauth_verifier';
/** Ten minutes to finish at the provider. */
export const FLOW_LIFETIME_SECONDS = 600;
const COOKIE_PATH = '/auth/oauth/';

const flowSchema = z.object({
  s: z.string().min(16).max(128),
  p: oauthProviderIdSchema,
  m: oauthModeSchema,
  r: oauthReturnToSchema,
  u: z.uuid().nullable(),
});

export function encodeFlow(flow: OAuthFlow): string {
  const payload: z.infer<typeof flowSchema> = {
    s: flow.state,
    p: flow.provider,
    m: flow.mode,
    r: flow.returnTo,
    u: flow.userId,
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The flow a cookie describes, or null when it is missing, malformed or altered beyond our rules. */
export function decodeFlow(value: string | undefined): OAuthFlow | null {
  if (!value || value.length > 2048) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = flowSchema.safeParse(json);
  if (!parsed.success) return null;
  const { s, p, m, r, u } = parsed.data;
  return { state: s, provider: p, mode: m, returnTo: r, userId: u };
}

/** Compares digests so the time taken says nothing about how much of the state matched. */
export function stateMatches(expected: string, presented: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

/** httpOnly, SameSite=Lax (sent on the provider's top-level redirect back), scoped to the OAuth routes. */
export function flowCookie(
  name: string,
  value: string,
  secure: boolean,
  maxAge = FLOW_LIFETIME_SECONDS,
): string {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${COOKIE_PATH}`,
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function clearedFlowCookies(secure: boolean): string[] {
  return [flowCookie(FLOW_COOKIE, '', secure, 0), flowCookie(VERIFIER_COOKIE, '', secure, 0)];
}
