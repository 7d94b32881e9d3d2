import { oauthErrorMessages } from '@plastic-crack/api-contract';
import { describe, expect, it } from 'vitest';
import { oauthStartHref, readOAuthOutcome, withoutOAuthParams } from './oauth.ts';
import { currentReturnTo, withReturnTo } from './returnTo.ts';
import { safeReturnTo } from './safeReturnTo.ts';

describe('returnTo', () => {
  it('accepts paths on this site and nothing else', () => {
    expect(safeReturnTo('/settings/security')).toBe('/settings/security');
    expect(safeReturnTo('/u/ada?tab=armies')).toBe('/u/ada?tab=armies');
    for (const hostile of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\t/evil',
    ]) {
      expect(safeReturnTo(hostile), hostile).toBe('/');
    }
    expect(safeReturnTo(null, '/settings')).toBe('/settings');
  });

  it('never returns to a sign-in page', () => {
    expect(safeReturnTo('/sign-in?returnTo=%2Fadmin')).toBe('/');
    expect(currentReturnTo({ pathname: '/sign-up', search: '' })).toBe('/');
    expect(currentReturnTo({ pathname: '/settings/privacy', search: '?x=1' })).toBe('/settings/privacy?x=1');
    expect(withReturnTo('/sign-in', '/settings?x=1')).toBe('/sign-in?returnTo=%2Fsettings%3Fx%3D1');
    expect(withReturnTo('/sign-in', '/')).toBe('/sign-in');
  });
});

describe('OAuth results', () => {
  it('reads success and error results, with the contract’s sentence for each reason', () => {
    expect(readOAuthOutcome(new URLSearchParams('oauth=success&action=linked&provider=google'))).toEqual({
      kind: 'success',
      action: 'linked',
      provider: 'google',
    });
    expect(readOAuthOutcome(new URLSearchParams('oauth=error&reason=access_denied&provider=apple'))).toEqual({
      kind: 'error',
      message: oauthErrorMessages.access_denied,
      provider: 'apple',
    });
    // An unknown reason still says something useful; no result is null.
    expect(readOAuthOutcome(new URLSearchParams('oauth=error&reason=made_up'))).toMatchObject({
      message: oauthErrorMessages.server_error,
    });
    expect(readOAuthOutcome(new URLSearchParams('returnTo=%2F'))).toBeNull();
  });

  it('tidies the address and builds the start link', () => {
    expect(
      withoutOAuthParams(new URLSearchParams('returnTo=%2Fadmin&oauth=error&reason=x&provider=google')),
    ).toBe('?returnTo=%2Fadmin');
    expect(withoutOAuthParams(new URLSearchParams('oauth=success&action=signed_in'))).toBe('');
    expect(oauthStartHref('/auth/oauth/google/start', 'link', '/settings/linked-accounts')).toBe(
      '/auth/oauth/google/start?mode=link&returnTo=%2Fsettings%2Flinked-accounts',
    );
  });
});
