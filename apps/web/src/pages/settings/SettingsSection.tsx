import type { CSSProperties, ReactNode } from 'react';
import { Button, ButtonLink, Card, ErrorState, Skeleton, SkeletonText } from '../../components/ui/index.ts';
import { useOwnProfile, type OwnProfile } from '../../features/profile/useOwnProfile.ts';

/** A settings section: its title (the page's h2 under "Settings"), a sentence, then its cards. */
export function SettingsSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="pc-settings-section" aria-labelledby="settings-section-title">
      <title>{`${title} · Settings · Plastic Crack`}</title>
      <header className="pc-settings-section__header">
        <h2 id="settings-section-title" className="pc-settings-section__title">
          {title}
        </h2>
        {description ? <p className="pc-settings-section__description">{description}</p> : null}
      </header>
      {children}
    </section>
  );
}

/**
 * A section that needs the profile: a skeleton while it loads, an error with "Try again" if it
 * does not, then the content.
 */
export function ProfileSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: (profile: OwnProfile) => ReactNode;
}) {
  const profile = useOwnProfile();
  return (
    <SettingsSection title={title} description={description}>
      {profile.data ? (
        children(profile.data)
      ) : profile.isError ? (
        <ErrorState
          error={profile.error}
          title="Your settings didn't load"
          onRetry={() => void profile.refetch()}
          retrying={profile.isFetching}
        />
      ) : (
        <SectionSkeleton />
      )}
    </SettingsSection>
  );
}

export function SectionSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <Card padding="lg" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading…
      </span>
      <div className="stack" aria-hidden="true">
        {Array.from({ length: rows }, (_, index) => (
          <div key={index} className="stack" style={{ '--stack-gap': 'var(--space-2)' } as CSSProperties}>
            <Skeleton height="0.875rem" width="8rem" />
            <Skeleton height="2.75rem" />
          </div>
        ))}
        <SkeletonText lines={1} />
      </div>
    </Card>
  );
}

/** Save / discard at the bottom of a settings form, and whether anything is unsaved. */
export function FormActions({
  dirty,
  pending,
  onDiscard,
  saveLabel = 'Save changes',
  extra,
}: {
  dirty: boolean;
  pending: boolean;
  onDiscard: () => void;
  saveLabel?: string;
  extra?: ReactNode;
}) {
  return (
    <div className="pc-settings-form__actions">
      <Button type="submit" loading={pending} disabled={!dirty && !pending} iconStart="check">
        {saveLabel}
      </Button>
      {dirty && !pending ? (
        <Button variant="ghost" onClick={onDiscard}>
          Discard
        </Button>
      ) : null}
      <p
        className={`pc-settings-form__status${dirty ? ' pc-settings-form__status--dirty' : ''}`}
        aria-live="polite"
      >
        {dirty ? 'You have unsaved changes.' : 'Everything is saved.'}
      </p>
      {extra}
    </div>
  );
}

export function ViewProfileLink({ username }: { username: string }) {
  return (
    <ButtonLink
      to={`/u/${encodeURIComponent(username)}`}
      variant="ghost"
      iconStart="eye"
      style={{ marginLeft: 'auto' }}
    >
      View your profile
    </ButtonLink>
  );
}
