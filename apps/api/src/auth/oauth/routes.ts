import type { IncomingMessage, ServerResponse } from 'node:http';
import { oauthStartQuery, type OAuthErrorReason, type OAuthSuccessAction } from '@plastic-crack/api-contract';
import { generateCodeVerifier, generateState } from 'arctic';
import { z } from 'zod';
import { requestMeta, type Services } from '../../context.ts';
import type { HttpRoute } from '../../http/routes.ts';
import { sendJson } from '../../http/routes.ts';
import { appendSetCookie, parseCookies, sessionCookie } from '../cookies.ts';
import { sendVerificationEmail } from '../email-verification.ts';
import { authenticate, presentedToken } from '../viewer.ts';
import {
  clearedFlowCookies,
  decodeFlow,
  encodeFlow,
  FLOW_COOKIE,
  flowCookie,
  stateMatches,
  VERIFIER_COOKIE,
  type OAuthFlow,
} from './flow.ts';
import type { OAuthProvider } from './providers.ts';
import { oauthRuntime } from './runtime.ts';
import { linkProvider, OAuthFlowError, signInWithProvider } from './service.ts';

const ROUTE = /^\/auth\/oauth\/([a-z0-9_-]{2,50})\/(start|callback)$/;
/** Apple's form_post body is a code, a state and at most a small user JSON. */
const MAX_FORM_BYTES = 16 * 1024;

const callbackParams = z.object({
  code: z.string().min(1).max(2048).optional(),
  state: z.string().min(1).max(512).optional(),
  error: z.string().min(1).max(200).optional(),
});

/**
 * `GET /auth/oauth/:provider/start`, `GET|POST /auth/oauth/:provider/callback`. Building the runtime
 * here makes a bad ENCRYPTION_KEY or a half-configured provider fail at start-up.
 */
export function oauthRoutes(services: Services): HttpRoute[] {
  oauthRuntime(services);
  return [
    { method: 'GET', path: '/auth/oauth/', handle: (s, req, res) => route(s, req, res, 'GET') },
    { method: 'POST', path: '/auth/oauth/', handle: (s, req, res) => route(s, req, res, 'POST') },
  ];
}

async function route(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  method: 'GET' | 'POST',
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const match = ROUTE.exec(url.pathname);
  const provider = match ? oauthRuntime(services).registry.get(match[1]!) : undefined;
  if (!match || !provider) return sendJson(res, 404, { error: 'Unknown or disabled sign-in provider' });
  if (match[2] === 'start') {
    if (method !== 'GET') return sendJson(res, 405, { error: 'Use GET to start signing in' });
    return start(services, provider, url.searchParams, req, res);
  }
  if (method === 'POST') return formPostCallback(provider, req, res);
  return callback(services, provider, url.searchParams, req, res);
}

async function start(
  services: Services,
  provider: OAuthProvider,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parsed = oauthStartQuery.safeParse({
    mode: query.get('mode') ?? undefined,
    returnTo: query.get('returnTo') ?? undefined,
  });
  if (!parsed.success) {
    return sendJson(res, 400, { error: parsed.error.issues[0]?.message ?? 'Invalid request' });
  }
  const { mode, returnTo } = parsed.data;
  let userId: string | null = null;
  if (mode === 'link') {
    const session = await authenticate(services.db, presentedToken(req));
    if (!session) return finish(services, res, returnTo, provider.id, { error: 'not_signed_in' });
    userId = session.viewer.userId;
  }
  const state = generateState();
  const codeVerifier = provider.usesPkce ? generateCodeVerifier() : null;
  const flow: OAuthFlow = { state, provider: provider.id, mode, returnTo, userId };
  const secure = isSecure(services);
  appendSetCookie(res, flowCookie(FLOW_COOKIE, encodeFlow(flow), secure));
  appendSetCookie(
    res,
    codeVerifier
      ? flowCookie(VERIFIER_COOKIE, codeVerifier, secure)
      : flowCookie(VERIFIER_COOKIE, '', secure, 0),
  );
  redirect(res, provider.authorizationUrl(state, codeVerifier).toString());
}

/**
 * Apple posts its answer from its own site, and browsers send no SameSite=Lax cookie with a
 * cross-site POST; a 303 turns it into a top-level GET, which carries them, to the same callback.
 */
async function formPostCallback(provider: OAuthProvider, req: IncomingMessage, res: ServerResponse) {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) {
    return sendJson(res, 415, { error: 'Expected a form post' });
  }
  const body = await readBody(req, MAX_FORM_BYTES);
  if (body === null) return sendJson(res, 413, { error: 'Form post too large' });
  const form = new URLSearchParams(body);
  const target = new URLSearchParams();
  for (const name of ['code', 'state', 'error'] as const) {
    const value = form.get(name);
    if (value !== null) target.set(name, value);
  }
  redirect(res, `/auth/oauth/${provider.id}/callback?${target.toString()}`, 303);
}

async function callback(
  services: Services,
  provider: OAuthProvider,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const cookies = parseCookies(req.headers.cookie);
  // The flow's cookies are single-use: whatever happens next, they are gone.
  for (const cookie of clearedFlowCookies(isSecure(services))) appendSetCookie(res, cookie);

  const flow = decodeFlow(cookies.get(FLOW_COOKIE));
  if (!flow) return finish(services, res, '/', provider.id, { error: 'state_expired' });
  const params = callbackParams.safeParse(Object.fromEntries(query));
  if (!params.success || !params.data.state) {
    return finish(services, res, flow.returnTo, provider.id, { error: 'invalid_request' });
  }
  if (flow.provider !== provider.id || !stateMatches(flow.state, params.data.state)) {
    return finish(services, res, flow.returnTo, provider.id, { error: 'invalid_state' });
  }
  if (params.data.error) {
    const reason = params.data.error === 'access_denied' ? 'access_denied' : 'provider_error';
    return finish(services, res, flow.returnTo, provider.id, { error: reason });
  }
  if (!params.data.code)
    return finish(services, res, flow.returnTo, provider.id, { error: 'invalid_request' });

  const meta = requestMeta(req, 'http', services.env);
  const log = services.logger.child({ requestId: meta.requestId, provider: provider.id });
  const codeVerifier = provider.usesPkce ? (cookies.get(VERIFIER_COOKIE) ?? null) : null;
  if (provider.usesPkce && !codeVerifier) {
    return finish(services, res, flow.returnTo, provider.id, { error: 'state_expired' });
  }

  let grant;
  try {
    grant = await provider.exchange(params.data.code, codeVerifier);
  } catch (error) {
    log.warn({ err: error }, 'OAuth code exchange failed');
    return finish(services, res, flow.returnTo, provider.id, { error: 'exchange_failed' });
  }

  const { encryption } = oauthRuntime(services);
  try {
    if (flow.mode === 'link') {
      const session = await authenticate(services.db, presentedToken(req));
      // Linking needs the same account that started the flow, still signed in.
      if (!session || session.viewer.userId !== flow.userId) {
        return finish(services, res, flow.returnTo, provider.id, { error: 'not_signed_in' });
      }
      await linkProvider(services.db, encryption, session.viewer.userId, provider.id, grant, meta);
      return finish(services, res, flow.returnTo, provider.id, { action: 'linked' });
    }
    const signedIn = await signInWithProvider(services.db, encryption, provider.id, grant, meta);
    if (signedIn.action === 'signed_up' && !grant.profile.emailVerified) {
      // The provider did not vouch for the address: confirm it the way a password sign-up does.
      const account = await services.db.user.findUniqueOrThrow({
        where: { id: signedIn.userId },
        select: { id: true, email: true, username: true },
      });
      await sendVerificationEmail(services, account).catch((error: unknown) =>
        log.error({ err: error, userId: account.id }, 'verification e-mail not sent'),
      );
    }
    appendSetCookie(
      res,
      sessionCookie(signedIn.session.token, signedIn.session.expiresAt, isSecure(services)),
    );
    return finish(services, res, flow.returnTo, provider.id, { action: signedIn.action });
  } catch (error) {
    if (error instanceof OAuthFlowError) {
      return finish(services, res, flow.returnTo, provider.id, { error: error.reason });
    }
    log.error({ err: error }, 'OAuth callback failed');
    return finish(services, res, flow.returnTo, provider.id, { error: 'server_error' });
  }
}

/** Back to the web app: `${PUBLIC_ORIGIN}${returnTo}?oauth=success|error&…`. */
function finish(
  services: Services,
  res: ServerResponse,
  returnTo: string,
  provider: string,
  outcome: { action: OAuthSuccessAction } | { error: OAuthErrorReason },
): void {
  const target = new URL(returnTo, new URL(services.env.PUBLIC_ORIGIN).origin);
  target.searchParams.set('oauth', 'action' in outcome ? 'success' : 'error');
  target.searchParams.set('provider', provider);
  if ('action' in outcome) target.searchParams.set('action', outcome.action);
  else target.searchParams.set('reason', outcome.error);
  redirect(res, target.toString());
}

function redirect(res: ServerResponse, location: string, status: 302 | 303 = 302): void {
  res.writeHead(status, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end();
}

const isSecure = (services: Services) => services.env.NODE_ENV === 'production';

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
