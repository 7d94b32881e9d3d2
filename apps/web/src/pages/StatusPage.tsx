import { useEffect, useState, type CSSProperties } from 'react';
import { Badge } from '../components/ui/Badge.tsx';
import { Button } from '../components/ui/Button.tsx';
import { Card } from '../components/ui/Card.tsx';
import { ErrorState } from '../components/ui/ErrorState.tsx';
import { Icon } from '../components/ui/Icon.tsx';
import { PageHeader } from '../components/ui/PageHeader.tsx';
import { Skeleton, SkeletonText } from '../components/ui/Skeleton.tsx';
import {
  HEALTH_TEXT,
  dependencyRows,
  type DependencyRow,
  type Health,
} from '../features/status/status-model.ts';
import { STATUS_REFRESH_MS, useServerStatus } from '../features/status/useServerStatus.ts';
import './StatusPage.css';

const HEALTH_ICON = {
  checking: 'activity',
  operational: 'check-circle',
  degraded: 'alert',
  unreachable: 'plug',
} as const;

export function StatusPage() {
  const status = useServerStatus();
  const { data, error, isPending, isError, isFetching, refetch } = status;
  // Only a check the user asked for spins the button; the 10 s background refresh stays quiet.
  const [checking, setChecking] = useState(false);
  const checkNow = async () => {
    setChecking(true);
    try {
      await refetch();
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="container pc-page">
      <title>Server status · Plastic Crack</title>
      <PageHeader
        eyebrow="System"
        title="Server status"
        description={`Live health of the services behind Plastic Crack. Refreshes every ${STATUS_REFRESH_MS / 1000} seconds.`}
        actions={
          <Button variant="secondary" iconStart="refresh" loading={checking} onClick={() => void checkNow()}>
            Check now
          </Button>
        }
      />

      {isPending ? (
        <StatusSkeleton />
      ) : isError && !data ? (
        <ErrorState
          error={error}
          title="Can't reach the server"
          onRetry={() => void refetch()}
          retrying={isFetching}
        />
      ) : data ? (
        <div className="stack" style={{ '--stack-gap': 'var(--space-6)' } as CSSProperties}>
          <Summary health={status.health} checkedAt={data.checkedAt} stale={isError} />
          <section aria-labelledby="dependencies-heading" className="stack">
            <h2 id="dependencies-heading" className="pc-status-section-title">
              Services
            </h2>
            <ul role="list" className="pc-dependency-grid">
              {dependencyRows(data).map((row) => (
                <DependencyCard key={row.key} row={row} />
              ))}
            </ul>
          </section>
        </div>
      ) : null}
    </div>
  );
}

function Summary({ health, checkedAt, stale }: { health: Health; checkedAt: string; stale: boolean }) {
  const text = HEALTH_TEXT[health];
  return (
    <Card className={`pc-status-summary pc-status-summary--${health}`} padding="lg">
      <div className="pc-status-summary__icon">
        <Icon name={HEALTH_ICON[health]} size={28} />
      </div>
      <div className="pc-status-summary__text">
        <p className="pc-status-summary__headline" role="status">
          {text.headline}
        </p>
        <p className="muted">{stale ? `Showing the last answer we got. ${text.detail}` : text.detail}</p>
      </div>
      <p className="pc-status-summary__checked">
        <span className="muted">Last checked</span>
        <CheckedAt iso={checkedAt} />
      </p>
    </Card>
  );
}

/** "12:04:31 · 3 s ago", kept current between refreshes. */
function CheckedAt({ iso }: { iso: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, []);
  const at = new Date(iso);
  const seconds = Math.max(0, Math.round((now - at.getTime()) / 1000));
  const ago =
    seconds < 5 ? 'just now' : seconds < 120 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
  return (
    <time dateTime={iso} title={at.toLocaleString()}>
      <strong>{at.toLocaleTimeString()}</strong> <span className="muted">· {ago}</span>
    </time>
  );
}

function DependencyCard({ row }: { row: DependencyRow }) {
  const headingId = `dependency-${row.key}`;
  return (
    <Card as="li" className={`pc-dependency pc-dependency--${row.state.tone}`} aria-labelledby={headingId}>
      <div className="pc-dependency__top">
        <span className="pc-dependency__icon">
          <Icon name={row.icon} size={22} />
        </span>
        <Badge tone={row.state.tone} dot>
          {row.state.label}
        </Badge>
      </div>
      <h3 id={headingId} className="pc-dependency__name">
        {row.name}
      </h3>
      <p className="pc-dependency__purpose">{row.purpose}</p>
      <p className="pc-dependency__backend">
        <span className="visually-hidden">Backend: </span>
        {row.backend}
      </p>
    </Card>
  );
}

function StatusSkeleton() {
  return (
    <div className="stack" style={{ '--stack-gap': 'var(--space-6)' } as CSSProperties} aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading server status…
      </span>
      <Card padding="lg" className="pc-status-summary" aria-hidden="true">
        <Skeleton shape="circle" width="3.5rem" />
        <div className="pc-status-summary__text">
          <Skeleton height="1.5rem" width="min(18rem, 100%)" />
          <SkeletonText lines={1} />
        </div>
      </Card>
      <Skeleton height="1.25rem" width="6rem" />
      <ul role="list" className="pc-dependency-grid" aria-hidden="true">
        {Array.from({ length: 4 }, (_, index) => (
          <Card as="li" key={index} className="pc-dependency">
            <div className="pc-dependency__top">
              <Skeleton width="2.75rem" height="2.75rem" />
              <Skeleton shape="pill" width="4rem" height="1.5rem" />
            </div>
            <Skeleton height="1.25rem" width="50%" />
            <SkeletonText lines={2} />
          </Card>
        ))}
      </ul>
    </div>
  );
}
