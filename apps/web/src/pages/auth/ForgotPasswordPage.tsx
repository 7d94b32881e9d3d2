import { requestPasswordResetInput } from '@plastic-crack/api-contract';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Icon, TextField } from '../../components/ui/index.ts';
import { AuthShell } from '../../features/auth/AuthShell.tsx';
import { useViewer } from '../../features/auth/useViewer.ts';
import { useForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import './AuthPages.css';

export function ForgotPasswordPage() {
  const { viewer } = useViewer();
  const form = useForm({ email: viewer?.email ?? '' });
  const [sentTo, setSentTo] = useState<string | null>(null);
  const request = trpc.auth.requestPasswordReset.useMutation();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.check(requestPasswordResetInput);
    if (!input) return;
    request.mutate(input, {
      onSuccess: () => setSentTo(input.email),
      onError: (error) => form.fail(error),
    });
  };

  if (sentTo) {
    return (
      <AuthShell eyebrow="Password help" title="Check your inbox">
        <title>Check your inbox · Plastic Crack</title>
        <div className="pc-auth-state">
          <span className="pc-auth-state__icon" aria-hidden="true">
            <Icon name="mail" size={28} />
          </span>
          <p role="status">
            If an account uses <strong>{sentTo}</strong>, we've sent it a link to choose a new password. The
            link works for one hour.
          </p>
          <p className="muted">
            Nothing after a few minutes? Look in the spam folder, or check the address and try again.
          </p>
          <div className="pc-auth-state__actions">
            <Button variant="secondary" iconStart="refresh" onClick={() => setSentTo(null)}>
              Try another address
            </Button>
            <Link to="/sign-in" className="pc-auth-state__link">
              Back to sign in
            </Link>
          </div>
        </div>
      </AuthShell>
    );
  }

  return (
    <AuthShell
      eyebrow="Password help"
      title="Forgot your password?"
      description="Tell us the e-mail address of your account and we'll send you a link to choose a new one."
      footer={
        <p>
          Remembered it? <Link to="/sign-in">Sign in</Link>
        </p>
      }
    >
      <title>Forgot your password · Plastic Crack</title>
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
          error={form.errors.email}
        />
        <Button type="submit" size="lg" block loading={request.isPending} iconStart="mail">
          Send the link
        </Button>
      </form>
    </AuthShell>
  );
}
