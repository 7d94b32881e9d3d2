import { emailLinkTokenSchema, resetPasswordInput } from '@plastic-crack/api-contract';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, ButtonLink, Icon, PasswordField } from '../../components/ui/index.ts';
import { AuthShell } from '../../features/auth/AuthShell.tsx';
import { noteIntendedSignOut } from '../../features/auth/session-events.ts';
import { useForm } from '../../lib/forms.ts';
import { trpc, viewerQueryKey } from '../../lib/trpc.ts';
import './AuthPages.css';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const wellFormed = emailLinkTokenSchema.safeParse(token).success;
  const form = useForm({ newPassword: '', confirmPassword: '' });
  const [done, setDone] = useState(false);
  const reset = trpc.auth.resetPassword.useMutation();
  const queryClient = useQueryClient();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.check(resetPasswordInput, { token, newPassword: form.values.newPassword });
    if (!input) return;
    if (form.values.confirmPassword !== form.values.newPassword) {
      form.setErrors({ confirmPassword: 'The two passwords are not the same' });
      return;
    }
    reset.mutate(input, {
      onSuccess: () => {
        // The reset signs the account out everywhere, this browser included.
        noteIntendedSignOut();
        queryClient.setQueryData(viewerQueryKey(), null);
        setDone(true);
      },
      onError: (error) => form.fail(error),
    });
  };

  if (!wellFormed) {
    return (
      <AuthShell eyebrow="Password help" title="This link is incomplete">
        <title>Choose a new password · Plastic Crack</title>
        <div className="pc-auth-state">
          <span className="pc-auth-state__icon pc-auth-state__icon--danger" aria-hidden="true">
            <Icon name="alert" size={28} />
          </span>
          <p>Open the link from the e-mail again, or ask for a new one.</p>
          <div className="pc-auth-state__actions">
            <ButtonLink to="/forgot-password" iconStart="mail">
              Send me a new link
            </ButtonLink>
          </div>
        </div>
      </AuthShell>
    );
  }

  if (done) {
    return (
      <AuthShell eyebrow="Password help" title="Your password is changed">
        <title>Password changed · Plastic Crack</title>
        <div className="pc-auth-state">
          <span className="pc-auth-state__icon pc-auth-state__icon--success" aria-hidden="true">
            <Icon name="check-circle" size={28} />
          </span>
          <p role="status">
            For safety we signed your account out on every device. Sign in with your new password to carry on.
          </p>
          <div className="pc-auth-state__actions">
            <ButtonLink to="/sign-in" iconStart="log-in">
              Sign in
            </ButtonLink>
          </div>
        </div>
      </AuthShell>
    );
  }

  const tokenProblem = form.formError?.kind === 'validation' && !form.errors.newPassword;
  return (
    <AuthShell
      eyebrow="Password help"
      title="Choose a new password"
      description="Pick something you don't use anywhere else. You'll be signed out on all your devices."
    >
      <title>Choose a new password · Plastic Crack</title>
      <form ref={form.formRef} className="pc-auth-form" onSubmit={onSubmit} noValidate>
        {form.formError ? (
          <Alert
            tone="danger"
            role="alert"
            title={tokenProblem ? "This link didn't work" : form.formError.title}
            actions={
              tokenProblem ? (
                <Link to="/forgot-password" className="pc-auth-state__link">
                  Get a new link
                </Link>
              ) : undefined
            }
          >
            {form.formError.message}
          </Alert>
        ) : null}
        <PasswordField
          label="New password"
          name="newPassword"
          autoComplete="new-password"
          required
          value={form.values.newPassword}
          onChange={(event) => form.set('newPassword', event.target.value)}
          error={form.errors.newPassword}
          hint="At least 10 characters."
        />
        <PasswordField
          label="Type it again"
          name="confirmPassword"
          autoComplete="new-password"
          required
          value={form.values.confirmPassword}
          onChange={(event) => form.set('confirmPassword', event.target.value)}
          error={form.errors.confirmPassword}
        />
        <Button type="submit" size="lg" block loading={reset.isPending} iconStart="key">
          Save new password
        </Button>
      </form>
    </AuthShell>
  );
}
