import { signInInput } from '@plastic-crack/api-contract';
import { useEffect, useRef, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { PageLoading } from '../../components/layout/PageLoading.tsx';
import { Alert, Button, PasswordField, TextField, useToast } from '../../components/ui/index.ts';
import { AuthShell } from '../../features/auth/AuthShell.tsx';
import { OAuthButtons } from '../../features/auth/OAuthButtons.tsx';
import {
  OAUTH_SUCCESS_TITLES,
  providerName,
  readOAuthOutcome,
  withoutOAuthParams,
  type OAuthOutcome,
} from '../../features/auth/oauth.ts';
import { withReturnTo } from '../../features/auth/returnTo.ts';
import { safeReturnTo } from '../../features/auth/safeReturnTo.ts';
import { useAcceptSession, useViewer } from '../../features/auth/useViewer.ts';
import { formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';

export function SignInPage() {
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const location = useLocation();
  // The result of a provider round trip moves from the address into the history entry's state,
  // so it survives the address being tidied (and a remount) without showing in the URL.
  const fromAddress = readOAuthOutcome(params);
  const oauthOutcome =
    fromAddress ?? (location.state as { oauthOutcome?: OAuthOutcome } | null)?.oauthOutcome ?? null;
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const { status } = useViewer();
  const acceptSession = useAcceptSession();
  const form = useForm({ identifier: '', password: '' });
  const signIn = trpc.auth.signIn.useMutation();
  const leaving = useRef(false);

  useEffect(() => {
    if (fromAddress) {
      navigate(
        { search: withoutOAuthParams(params) },
        { replace: true, state: { oauthOutcome: fromAddress } },
      );
    }
  }, [fromAddress, params, navigate]);

  // Signed in (just now, through a provider, or from before): on to where they were going.
  useEffect(() => {
    if (status !== 'signed-in' || leaving.current) return;
    leaving.current = true;
    if (oauthOutcome?.kind === 'success') {
      toast.show({
        tone: 'success',
        title: OAUTH_SUCCESS_TITLES[oauthOutcome.action](providerName(oauthOutcome.provider)),
      });
    }
    navigate(returnTo, { replace: true });
  }, [status, oauthOutcome, returnTo, navigate, toast]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.check(signInInput);
    if (!input) return;
    signIn.mutate(input, {
      onSuccess: ({ account }) => {
        toast.show({ tone: 'success', title: `Welcome back, ${account.username}` });
        acceptSession(account);
        // Signing in keeps an account that was about to be deleted; say so, with the way to cancel.
        void utils.profile.me.fetch().then(
          (profile) => {
            if (profile.deletionScheduledAt) {
              toast.show({
                tone: 'warning',
                title: `Your account is due to be deleted on ${formatDate(profile.deletionScheduledAt)}`,
                description: 'Changed your mind? Cancel it under Settings → Account.',
                durationMs: 0,
              });
            }
          },
          () => undefined,
        );
      },
      onError: (error) => form.fail(error),
    });
  };

  if (status === 'loading' && oauthOutcome?.kind === 'success') return <PageLoading />;

  return (
    <AuthShell
      eyebrow="Welcome back"
      title="Sign in to Plastic Crack"
      description="Pick up where you left off: your collection, armies and painting queue are waiting."
      footer={
        <p>
          New here? <Link to={withReturnTo('/sign-up', returnTo)}>Create an account</Link>
        </p>
      }
    >
      <title>Sign in · Plastic Crack</title>
      {oauthOutcome?.kind === 'error' ? (
        <Alert
          tone="danger"
          role="alert"
          title={`${providerName(oauthOutcome.provider)} sign-in didn't work`}
        >
          {oauthOutcome.message}
        </Alert>
      ) : null}
      <OAuthButtons mode="signin" returnTo={withReturnTo('/sign-in', returnTo)} />
      <form ref={form.formRef} className="pc-auth-form" onSubmit={onSubmit} noValidate>
        {form.formError ? (
          <Alert
            tone="danger"
            role="alert"
            title={form.formError.kind === 'unauthorized' ? "Couldn't sign you in" : form.formError.title}
          >
            {form.formError.message}
          </Alert>
        ) : null}
        <TextField
          label="E-mail or username"
          name="identifier"
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          required
          value={form.values.identifier}
          onChange={(event) => form.set('identifier', event.target.value)}
          error={form.errors.identifier}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={form.values.password}
          onChange={(event) => form.set('password', event.target.value)}
          error={form.errors.password}
        />
        <div className="pc-auth-form__row">
          <span />
          <Link to="/forgot-password">Forgot your password?</Link>
        </div>
        <Button type="submit" size="lg" block loading={signIn.isPending} iconEnd="arrow-right">
          Sign in
        </Button>
      </form>
    </AuthShell>
  );
}
