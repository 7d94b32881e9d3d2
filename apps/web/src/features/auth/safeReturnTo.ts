import { oauthReturnToSchema } from '@plastic-crack/api-contract';
import { AUTH_PAGES } from './returnTo.ts';

/**
 * A `returnTo` from the address bar, if it is a path on this site (the contract's rule, which the
 * API applies to OAuth returns too); otherwise the fallback. Never another origin.
 */
export function safeReturnTo(value: string | null | undefined, fallback = '/'): string {
  if (!value) return fallback;
  const parsed = oauthReturnToSchema.safeParse(value);
  if (!parsed.success) return fallback;
  const pathname = parsed.data.split(/[?#]/)[0] ?? '/';
  return AUTH_PAGES.has(pathname) ? fallback : parsed.data;
}
