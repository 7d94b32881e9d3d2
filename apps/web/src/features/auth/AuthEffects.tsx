import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useToast } from '../../components/ui/Toast.tsx';
import { trpc } from '../../lib/trpc.ts';
import { consumeIntendedSignOut } from './session-events.ts';
import { useViewer } from './useViewer.ts';

/** Pages that show an OAuth result themselves, inline next to their form. */
const PAGES_WITH_OWN_OAUTH_RESULT = new Set(['/sign-in', '/sign-up']);

/**
 * Session side effects for the whole app: says so when a session ends that the user did not end
 * (expired, revoked from another device, account deactivated), and turns `?oauth=…` results from
 * a provider round trip into a notice.
 */
export function AuthEffects() {
  const { viewer, status } = useViewer();
  const toast = useToast();
  const previousId = useRef<string | null>(null);

  useEffect(() => {
    if (status === 'loading' || status === 'error') return;
    const before = previousId.current;
    previousId.current = viewer?.id ?? null;
    if (before && !viewer && !consumeIntendedSignOut()) {
      toast.show({
        tone: 'warning',
        title: 'You have been signed out',
        description: 'Your session ended. Sign in again to carry on.',
        durationMs: 10_000,
      });
    }
  }, [viewer, status, toast]);

  return <OAuthResultNotice />;
}

function OAuthResultNotice() {
  const location = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const providers = trpc.auth.oauth.providers.useQuery(undefined, { staleTime: 10 * 60_000 });
  // One notice per arrival, even when the effect runs twice (StrictMode, providers loading late).
  const handledKey = useRef<string | null>(null);

  useEffect(() => {
    if (PAGES_WITH_OWN_OAUTH_RESULT.has(location.pathname)) return;
    if (!location.search.includes('oauth=') || handledKey.current === location.key) return;
    handledKey.current = location.key;
    // Loaded only when a provider round trip comes back: it brings the contract's zod schemas along.
    void import('./oauth.ts').then(
      ({ OAUTH_SUCCESS_TITLES, providerName, readOAuthOutcome, withoutOAuthParams }) => {
        const params = new URLSearchParams(location.search);
        const outcome = readOAuthOutcome(params);
        if (!outcome) return;
        const labels = new Map((providers.data ?? []).map((provider) => [provider.id, provider.label]));
        const name = providerName(outcome.provider, labels);
        if (outcome.kind === 'success') {
          void utils.auth.me.invalidate();
          void utils.auth.oauth.linked.invalidate();
          toast.show({ tone: 'success', title: OAUTH_SUCCESS_TITLES[outcome.action](name) });
        } else {
          toast.show({ tone: 'danger', title: `${name} sign-in didn't work`, description: outcome.message });
        }
        navigate(
          { pathname: location.pathname, search: withoutOAuthParams(params), hash: location.hash },
          { replace: true },
        );
      },
    );
  }, [location, navigate, providers.data, toast, utils]);

  return null;
}
