import type { ReactNode } from 'react';
import { describeError, formatRetryAfter } from '../../lib/errors.ts';
import { Button } from './Button.tsx';
import { EmptyState } from './EmptyState.tsx';

export interface ErrorStateProps {
  /** The thrown value; its kind picks the wording. */
  error: unknown;
  /** Overrides the title derived from the error ("Couldn't load your collection"). */
  title?: ReactNode;
  onRetry?: () => void;
  retrying?: boolean;
  headingLevel?: 1 | 2 | 3;
  size?: 'md' | 'lg';
  /** Extra actions beside "Try again". */
  actions?: ReactNode;
}

/** A failed load, said plainly, with a way to try again when trying again can help. */
export function ErrorState({
  error,
  title,
  onRetry,
  retrying,
  headingLevel,
  size,
  actions,
}: ErrorStateProps) {
  const described = describeError(error);
  const wait = described.retryAfterSeconds;
  return (
    <EmptyState
      role="alert"
      tone="danger"
      icon={described.kind === 'network' ? 'plug' : 'alert'}
      title={title ?? described.title}
      description={wait ? `${described.message} (about ${formatRetryAfter(wait)})` : described.message}
      headingLevel={headingLevel}
      size={size}
      action={
        onRetry || actions ? (
          <>
            {onRetry && described.retryable ? (
              <Button variant="secondary" iconStart="refresh" onClick={onRetry} loading={retrying}>
                Try again
              </Button>
            ) : null}
            {actions}
          </>
        ) : undefined
      }
    />
  );
}
