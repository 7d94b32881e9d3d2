import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ButtonLink, Button } from '../components/ui/Button.tsx';
import { EmptyState } from '../components/ui/EmptyState.tsx';
import { ErrorState } from '../components/ui/ErrorState.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/** After a deploy, an open tab may ask for a page chunk that no longer exists. */
function isStaleBuild(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(
      error.message,
    )
  );
}

/** Shown in place of a page that threw while rendering or loading; the shell stays usable. */
export function RouteErrorPage() {
  const error = useRouteError();

  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;

  return (
    <div className="container pc-page" style={{ paddingTop: 'var(--space-12)' }}>
      <title>Something went wrong · Plastic Crack</title>
      {isStaleBuild(error) ? (
        <EmptyState
          size="lg"
          headingLevel={1}
          icon="sparkles"
          role="alert"
          title="Plastic Crack has been updated"
          description="A newer version is available. Reload the page to carry on with it."
          action={
            <Button iconStart="refresh" onClick={() => window.location.reload()}>
              Reload
            </Button>
          }
        />
      ) : (
        <ErrorState
          size="lg"
          headingLevel={1}
          error={error}
          title="This page hit a snag"
          onRetry={() => window.location.reload()}
          actions={
            <ButtonLink to="/" variant="ghost">
              Back to home
            </ButtonLink>
          }
        />
      )}
    </div>
  );
}
