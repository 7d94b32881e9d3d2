/**
 * Where to go after signing in. Kept free of the contract's zod schemas: the shell (top bar,
 * guards) imports it, and zod belongs in the lazily loaded pages, not in the first download.
 */

/** Pages a sign-in must never return to (it would loop or show a form to a signed-in user). */
export const AUTH_PAGES = new Set(['/sign-in', '/sign-up', '/forgot-password', '/reset-password']);

/** The page the user is on, as a `returnTo` (home when they are on an auth page already). */
export function currentReturnTo(location: { pathname: string; search: string }): string {
  return AUTH_PAGES.has(location.pathname) ? '/' : location.pathname + location.search;
}

export function withReturnTo(page: string, returnTo: string): string {
  return returnTo === '/' ? page : `${page}?returnTo=${encodeURIComponent(returnTo)}`;
}
