import { useLocation } from 'react-router';
import { ButtonLink } from '../components/ui/Button.tsx';
import { EmptyState } from '../components/ui/EmptyState.tsx';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <div className="container pc-page" style={{ paddingTop: 'var(--space-12)' }}>
      <title>Page not found · Plastic Crack</title>
      <EmptyState
        size="lg"
        headingLevel={1}
        icon="compass"
        eyebrow="Error 404"
        title="This page went missing from the sprue"
        description={
          <>
            We couldn't find{' '}
            <code style={{ fontFamily: 'var(--font-mono)', fontSize: '0.9em' }}>{pathname}</code>. Check the
            address, or head back to the start.
          </>
        }
        action={
          <>
            <ButtonLink to="/" iconStart="home">
              Back to home
            </ButtonLink>
            <ButtonLink to="/status" variant="secondary">
              Server status
            </ButtonLink>
          </>
        }
      />
    </div>
  );
}
