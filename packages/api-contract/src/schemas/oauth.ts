import { z } from 'zod';

/** A provider's id as it appears in URLs and in `oauth_providers.provider` (same rule as its CHECK). */
export const oauthProviderIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9_-]{2,50}$/, 'Unknown sign-in provider');

/** `signin` signs in or signs up; `link` adds the provider to the signed-in account. */
export const oauthModeSchema = z.enum(['signin', 'link']);
export type OAuthMode = z.infer<typeof oauthModeSchema>;

const PROBE_ORIGIN = 'https://return-to.invalid';

/**
 * Where the browser lands after the provider: a path on the web app, never another site. Rejects
 * `//host` and `/\host` (browsers read both as another host) and any whitespace or control
 * character (browsers strip tabs and newlines, which turns `/\t/host` into `//host`).
 */
export const oauthReturnToSchema = z
  .string()
  .max(512, 'That return address is too long')
  .refine(
    (value) =>
      /^\/(?![/\\])[\x21-\x7e]*$/.test(value) &&
      !value.includes('\\') &&
      new URL(value, PROBE_ORIGIN).origin === PROBE_ORIGIN,
    'The return address must be a path on this site',
  );

/** Query string of `GET /auth/oauth/:provider/start`. */
export const oauthStartQuery = z.object({
  mode: oauthModeSchema.default('signin'),
  returnTo: oauthReturnToSchema.default('/'),
});
export type OAuthStartQuery = z.infer<typeof oauthStartQuery>;

export const unlinkOAuthInput = z.object({ provider: oauthProviderIdSchema });
export type UnlinkOAuthInput = z.infer<typeof unlinkOAuthInput>;

/** `?oauth=success&action=…` on the page the flow returns to. */
export const oauthSuccessActions = ['signed_in', 'signed_up', 'linked'] as const;
export type OAuthSuccessAction = (typeof oauthSuccessActions)[number];

/** `?oauth=error&reason=…` on the page the flow returns to, with the sentence to show for each. */
export const oauthErrorMessages = {
  access_denied: 'Sign-in was cancelled at the provider.',
  provider_error: 'The provider could not complete the sign-in. Please try again.',
  exchange_failed: 'The provider did not confirm the sign-in. Please try again.',
  invalid_state: 'This sign-in link is not valid. Please start again.',
  state_expired: 'The sign-in took too long. Please start again.',
  invalid_request: 'The provider sent an incomplete answer. Please start again.',
  not_signed_in: 'Sign in first, then link the provider from your settings.',
  account_exists:
    'An account already uses this e-mail. Sign in with your password, then link the provider from your settings.',
  email_required: 'The provider did not share an e-mail address, which an account needs.',
  identity_linked_elsewhere: 'That provider account is already linked to another Plastic Crack account.',
  provider_already_linked: 'A different account from this provider is already linked. Unlink it first.',
  account_disabled: 'This account is disabled.',
  server_error: 'Something went wrong on our side. Please try again.',
} as const;
export type OAuthErrorReason = keyof typeof oauthErrorMessages;
export const oauthErrorReasonSchema = z.enum(
  Object.keys(oauthErrorMessages) as [OAuthErrorReason, ...OAuthErrorReason[]],
);
