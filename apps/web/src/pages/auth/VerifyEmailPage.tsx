import { emailLinkTokenSchema } from '@plastic-crack/api-contract';
import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Button, ButtonLink, Icon, Spinner } from '../../components/ui/index.ts';
import { AuthShell } from '../../features/auth/AuthShell.tsx';
import { formatCountdown } from '../../features/auth/useCountdown.ts';
import { useResendVerification } from '../../features/auth/useResendVerification.ts';
import { useViewer } from '../../features/auth/useViewer.ts';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import './AuthPages.css';

/**
 * Where the e-mailed link lands. The token is spent once, so the call runs through React Query
 * keyed by the token: a re-render or StrictMode's second effect reuses the first answer instead of
 * spending the link twice.
 */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const wellFormed = emailLinkTokenSchema.safeParse(token).success;
  const utils = trpc.useUtils();
  const { viewer } = useViewer();

  const verification = useQuery({
    queryKey: ['verify-email', token],
    queryFn: () => utils.client.auth.verifyEmail.mutate({ token }),
    enabled: wellFormed,
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

  useEffect(() => {
    if (verification.isSuccess) void utils.auth.me.invalidate();
  }, [verification.isSuccess, utils]);

  if (!wellFormed) {
    return (
      <AuthShell eyebrow="E-mail confirmation" title="This link is incomplete">
        <title>Confirm your e-mail · Plastic Crack</title>
        <State icon="alert" tone="danger">
          <p>
            The address is missing part of its code. Open the link from the e-mail again, or copy the whole
            address into the browser.
          </p>
          <NextSteps signedIn={Boolean(viewer)} verified={viewer?.emailVerified ?? false} />
        </State>
      </AuthShell>
    );
  }

  if (verification.isPending) {
    return (
      <AuthShell eyebrow="E-mail confirmation" title="Confirming your address…">
        <title>Confirming your e-mail · Plastic Crack</title>
        <div className="pc-auth-state__busy" role="status">
          <Spinner size="lg" />
          <span>Just a moment.</span>
        </div>
      </AuthShell>
    );
  }

  if (verification.isError) {
    const described = describeError(verification.error);
    const alreadyVerified = viewer?.emailVerified ?? false;
    return (
      <AuthShell
        eyebrow="E-mail confirmation"
        title={alreadyVerified ? 'Your address is already confirmed' : "This link didn't work"}
      >
        <title>Confirm your e-mail · Plastic Crack</title>
        <State
          icon={alreadyVerified ? 'check-circle' : 'alert'}
          tone={alreadyVerified ? 'success' : 'danger'}
        >
          <p role="alert">
            {alreadyVerified
              ? 'This link has been used, and your account is confirmed. Nothing more to do.'
              : described.kind === 'validation'
                ? described.message
                : `${described.message} Try the link again in a moment.`}
          </p>
          <NextSteps signedIn={Boolean(viewer)} verified={alreadyVerified} />
        </State>
      </AuthShell>
    );
  }

  return (
    <AuthShell eyebrow="E-mail confirmation" title="Your e-mail address is confirmed">
      <title>E-mail confirmed · Plastic Crack</title>
      <State icon="check-circle" tone="success">
        <p role="status">
          Thanks! Your account is fully set up: sharing, messaging and friend requests are all open to you.
        </p>
        <div className="pc-auth-state__actions">
          {viewer ? (
            <>
              <ButtonLink to={`/u/${encodeURIComponent(viewer.username)}`} iconStart="user">
                See your profile
              </ButtonLink>
              <ButtonLink to="/settings/profile" variant="secondary">
                Finish your profile
              </ButtonLink>
            </>
          ) : (
            <ButtonLink to="/sign-in" iconStart="log-in">
              Sign in
            </ButtonLink>
          )}
        </div>
      </State>
    </AuthShell>
  );
}

function State({
  icon,
  tone,
  children,
}: {
  icon: 'alert' | 'check-circle';
  tone: 'success' | 'danger';
  children: ReactNode;
}) {
  return (
    <div className="pc-auth-state">
      <span className={`pc-auth-state__icon pc-auth-state__icon--${tone}`} aria-hidden="true">
        <Icon name={icon} size={28} />
      </span>
      {children}
    </div>
  );
}

/** What to do about a link that failed: a fresh one for a signed-in, unconfirmed account. */
function NextSteps({ signedIn, verified }: { signedIn: boolean; verified: boolean }) {
  if (verified) {
    return (
      <div className="pc-auth-state__actions">
        <ButtonLink to="/">Back to home</ButtonLink>
      </div>
    );
  }
  if (!signedIn) {
    return (
      <>
        <p className="muted">Sign in and we'll offer to send you a fresh link.</p>
        <div className="pc-auth-state__actions">
          <ButtonLink to="/sign-in" iconStart="log-in">
            Sign in
          </ButtonLink>
        </div>
      </>
    );
  }
  return <ResendButton />;
}

function ResendButton() {
  const { resend, pending, waitSeconds, sent } = useResendVerification();
  return (
    <div className="pc-auth-state__actions">
      <Button iconStart="mail" loading={pending} disabled={waitSeconds > 0} onClick={resend}>
        {waitSeconds > 0
          ? `Ask again in ${formatCountdown(waitSeconds)}`
          : sent
            ? 'Send another link'
            : 'Send me a new link'}
      </Button>
    </div>
  );
}
