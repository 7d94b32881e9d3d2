import {
  oauthErrorMessages,
  oauthErrorReasonSchema,
  oauthSuccessActions,
  type OAuthMode,
  type OAuthSuccessAction,
} from '@plastic-crack/api-contract';

export type OAuthOutcome =
  | { kind: 'success'; action: OAuthSuccessAction; provider: string | null }
  | { kind: 'error'; message: string; provider: string | null };

/** Reads `?oauth=success|error&action=…&reason=…&provider=…` that an OAuth flow returns with. */
export function readOAuthOutcome(params: URLSearchParams): OAuthOutcome | null {
  const result = params.get('oauth');
  const provider = params.get('provider');
  if (result === 'success') {
    const action = params.get('action');
    const known = oauthSuccessActions.find((candidate) => candidate === action);
    return { kind: 'success', action: known ?? 'signed_in', provider };
  }
  if (result === 'error') {
    const reason = oauthErrorReasonSchema.safeParse(params.get('reason'));
    return {
      kind: 'error',
      message: reason.success ? oauthErrorMessages[reason.data] : oauthErrorMessages.server_error,
      provider,
    };
  }
  return null;
}

/** The same address without the OAuth result parameters. */
export function withoutOAuthParams(params: URLSearchParams): string {
  const rest = new URLSearchParams(params);
  for (const key of ['oauth', 'action', 'reason', 'provider']) rest.delete(key);
  const search = rest.toString();
  return search ? `?${search}` : '';
}

/** Where a provider button sends the browser: the API starts the flow and comes back to `returnTo`. */
export function oauthStartHref(startPath: string, mode: OAuthMode, returnTo: string): string {
  const query = new URLSearchParams({ mode, returnTo });
  return `${startPath}?${query.toString()}`;
}

export function providerName(provider: string | null, labels?: ReadonlyMap<string, string>): string {
  if (!provider) return 'the provider';
  return labels?.get(provider) ?? provider.charAt(0).toUpperCase() + provider.slice(1);
}

export const OAUTH_SUCCESS_TITLES: Record<OAuthSuccessAction, (provider: string) => string> = {
  signed_in: (provider) => `Signed in with ${provider}`,
  signed_up: () => 'Welcome to Plastic Crack!',
  linked: (provider) => `${provider} is now linked`,
};
