import { Button } from '../../components/ui/Button.tsx';
import { Icon } from '../../components/ui/Icon.tsx';
import { formatCountdown } from './useCountdown.ts';
import { useResendVerification } from './useResendVerification.ts';
import { useViewer } from './useViewer.ts';
import './VerifyEmailBanner.css';

/** Under the top bar for as long as the signed-in account's e-mail address is unconfirmed. */
export function VerifyEmailBanner() {
  const { viewer } = useViewer();
  if (!viewer || viewer.emailVerified) return null;
  return <Banner email={viewer.email} />;
}

function Banner({ email }: { email: string }) {
  const { resend, pending, waitSeconds, sent } = useResendVerification();
  return (
    <section className="pc-verify-banner" aria-labelledby="verify-banner-title">
      <div className="container pc-verify-banner__inner">
        <span className="pc-verify-banner__icon" aria-hidden="true">
          <Icon name="mail" size={18} />
        </span>
        <div className="pc-verify-banner__text">
          <h2 id="verify-banner-title" className="pc-verify-banner__title">
            Confirm your e-mail address
          </h2>
          <p>
            We sent a link to <strong>{email}</strong>. Until you confirm it, you can set up your profile and
            collection, but anything other people see (posts, messages, friend requests) has to wait.
          </p>
        </div>
        <div className="pc-verify-banner__action">
          <Button
            size="sm"
            variant="secondary"
            iconStart={sent && waitSeconds === 0 ? 'check' : 'refresh'}
            loading={pending}
            disabled={waitSeconds > 0}
            onClick={resend}
          >
            {waitSeconds > 0
              ? `Resend in ${formatCountdown(waitSeconds)}`
              : sent
                ? 'Send again'
                : 'Resend link'}
          </Button>
        </div>
      </div>
    </section>
  );
}
