import { Navigate, Outlet, useLocation } from 'react-router';
import { PageLoading } from '../../components/layout/PageLoading.tsx';
import { ButtonLink } from '../../components/ui/Button.tsx';
import { EmptyState } from '../../components/ui/EmptyState.tsx';
import { ErrorState } from '../../components/ui/ErrorState.tsx';
import { withReturnTo } from './returnTo.ts';
import { useViewer } from './useViewer.ts';

/**
 * A layout route for pages that need an account: a visitor is sent to sign in and brought back
 * here afterwards; `admin` pages tell everyone else plainly that they are not for them.
 */
export function RequireAuth({ admin = false }: { admin?: boolean }) {
  const { viewer, status, error, refetch, isFetching } = useViewer();
  const location = useLocation();

  if (status === 'loading') return <PageLoading />;
  if (status === 'error') {
    return (
      <div className="container pc-page" style={{ paddingTop: 'var(--space-12)' }}>
        <ErrorState
          size="lg"
          headingLevel={1}
          error={error}
          title="We couldn't check whether you are signed in"
          onRetry={() => void refetch()}
          retrying={isFetching}
        />
      </div>
    );
  }
  if (!viewer) {
    return <Navigate to={withReturnTo('/sign-in', location.pathname + location.search)} replace />;
  }
  if (admin && !viewer.isAdmin) {
    return (
      <div className="container pc-page" style={{ paddingTop: 'var(--space-12)' }}>
        <title>Administrators only · Plastic Crack</title>
        <EmptyState
          size="lg"
          headingLevel={1}
          icon="lock"
          eyebrow="Error 403"
          title="This area is for administrators"
          description="Your account can't open the admin settings. If you think it should, ask an administrator."
          action={
            <ButtonLink to="/" iconStart="home">
              Back to home
            </ButtonLink>
          }
        />
      </div>
    );
  }
  return <Outlet />;
}
