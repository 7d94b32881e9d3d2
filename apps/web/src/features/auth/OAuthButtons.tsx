import type { OAuthMode } from '@plastic-crack/api-contract';
import { buttonClassName } from '../../components/ui/Button.tsx';
import { trpc } from '../../lib/trpc.ts';
import { oauthStartHref } from './oauth.ts';
import './OAuthButtons.css';

/** Brand-neutral marks: the provider's initial on its usual colour. */
const MARK_COLOURS: Record<string, string> = {
  google: '#4285f4',
  facebook: '#1877f2',
  apple: '#111111',
};

export function ProviderMark({ id, label }: { id: string; label: string }) {
  return (
    <span
      className="pc-provider-mark"
      style={{ background: MARK_COLOURS[id] ?? 'var(--color-accent)' }}
      aria-hidden="true"
    >
      {label.charAt(0).toUpperCase()}
    </span>
  );
}

/**
 * "Continue with …" for each provider the server has keys for; nothing at all when none is set
 * up (or the list cannot be fetched: the password form still works).
 */
export function OAuthButtons({ mode, returnTo }: { mode: OAuthMode; returnTo: string }) {
  const providers = trpc.auth.oauth.providers.useQuery(undefined, { staleTime: 10 * 60_000 });
  const list = providers.data ?? [];
  if (list.length === 0) return null;
  return (
    <div className="pc-oauth">
      <ul role="list" className="pc-oauth__list">
        {list.map((provider) => (
          <li key={provider.id}>
            <a
              className={buttonClassName(
                { variant: 'secondary', block: true, size: 'lg' },
                'pc-oauth__button',
              )}
              href={oauthStartHref(provider.startPath, mode, returnTo)}
            >
              <ProviderMark id={provider.id} label={provider.label} />
              Continue with {provider.label}
            </a>
          </li>
        ))}
      </ul>
      <p className="pc-oauth__divider">
        <span>or with your {mode === 'signin' ? 'password' : 'e-mail'}</span>
      </p>
    </div>
  );
}
