import { signUpInput } from '@plastic-crack/api-contract';
import { useEffect, useRef, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, PasswordField, TextField, useToast } from '../../components/ui/index.ts';
import { AuthShell } from '../../features/auth/AuthShell.tsx';
import { OAuthButtons } from '../../features/auth/OAuthButtons.tsx';
import {
  providerName,
  readOAuthOutcome,
  withoutOAuthParams,
  type OAuthOutcome,
} from '../../features/auth/oauth.ts';
import { withReturnTo } from '../../features/auth/returnTo.ts';
import { safeReturnTo } from '../../features/auth/safeReturnTo.ts';
import { useAcceptSession, useViewer } from '../../features/auth/useViewer.ts';
import { useForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';

type SignUpField = 'email' | 'username' | 'password';

export function SignUpPage() {
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
  const { status } = useViewer();
  const acceptSession = useAcceptSession();
  const form = useForm({ email: '', username: '', password: '' });
  const signUp = trpc.auth.signUp.useMutation();
  const justSignedUp = useRef(false);
  const leaving = useRef(false);

  useEffect(() => {
    if (fromAddress) {
      navigate(
        { search: withoutOAuthParams(params) },
        { replace: true, state: { oauthOutcome: fromAddress } },
      );
    }
  }, [fromAddress, params, navigate]);

  useEffect(() => {
    if (status !== 'signed-in' || leaving.current) return;
    leaving.current = true;
    // A new account starts with its profile, unless it came here on the way somewhere else.
    navigate(justSignedUp.current && returnTo === '/' ? '/settings/profile' : returnTo, { replace: true });
  }, [status, returnTo, navigate]);

  /** Checks one field as soon as it is left, so mistakes show before the submit. */
  const checkField = (field: SignUpField) => {
    const value = form.values[field];
    if (!value) return;
    const result = signUpInput.shape[field].safeParse(value);
    if (!result.success) {
      form.setErrors((current) => ({ ...current, [field]: result.error.issues[0]?.message ?? 'Check this' }));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.check(signUpInput);
    if (!input) return;
    signUp.mutate(input, {
      onSuccess: ({ account }) => {
        justSignedUp.current = true;
        toast.show({
          tone: 'success',
          title: `Welcome to Plastic Crack, ${account.username}!`,
          description: `We sent a confirmation link to ${account.email}.`,
        });
        acceptSession(account);
      },
      // The server says which name is taken only in words (no field in the error data).
      onError: (error) =>
        form.fail(error, (described) =>
          described.kind === 'conflict'
            ? /e-?mail/i.test(described.message)
              ? 'email'
              : /username/i.test(described.message)
                ? 'username'
                : undefined
            : undefined,
        ),
    });
  };

  return (
    <AuthShell
      eyebrow="Join the hobby"
      title="Create your account"
      description="Free, and it takes a minute. Log your collection, plan armies and share your painted models."
      footer={
        <p>
          Already have an account? <Link to={withReturnTo('/sign-in', returnTo)}>Sign in</Link>
        </p>
      }
    >
      <title>Create an account · Plastic Crack</title>
      {oauthOutcome?.kind === 'error' ? (
        <Alert
          tone="danger"
          role="alert"
          title={`${providerName(oauthOutcome.provider)} sign-up didn't work`}
        >
          {oauthOutcome.message}
        </Alert>
      ) : null}
      <OAuthButtons mode="signin" returnTo={withReturnTo('/sign-up', returnTo)} />
      <form ref={form.formRef} className="pc-auth-form" onSubmit={onSubmit} noValidate>
        {form.formError ? (
          <Alert tone="danger" role="alert" title={form.formError.title}>
            {form.formError.message}
          </Alert>
        ) : null}
        <TextField
          label="E-mail address"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={form.values.email}
          onChange={(event) => form.set('email', event.target.value)}
          onBlur={() => checkField('email')}
          error={form.errors.email}
          hint="We'll send a link to confirm it. Never shown to other people."
        />
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          required
          maxLength={30}
          value={form.values.username}
          onChange={(event) => form.set('username', event.target.value)}
          onBlur={() => checkField('username')}
          error={form.errors.username}
          hint="Your public name, 3–30 letters, numbers, dots, dashes or underscores."
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="new-password"
          required
          value={form.values.password}
          onChange={(event) => form.set('password', event.target.value)}
          onBlur={() => checkField('password')}
          error={form.errors.password}
          hint="At least 10 characters. A short sentence is easy to remember and hard to guess."
        />
        <Button type="submit" size="lg" block loading={signUp.isPending} iconEnd="arrow-right">
          Create account
        </Button>
        <p className="pc-auth-form__legal">
          You can export or delete your account and everything in it at any time from Settings.
        </p>
      </form>
    </AuthShell>
  );
}
