import type { RouterOutputs } from '@plastic-crack/api-contract';
import { useParams } from 'react-router';
import {
  Avatar,
  Badge,
  ButtonLink,
  Card,
  EmptyState,
  ErrorState,
  Icon,
  ProgressBar,
  Skeleton,
  SkeletonText,
} from '../components/ui/index.ts';
import { useViewer } from '../features/auth/useViewer.ts';
import { EXPERIENCE_LABELS, PRIVACY_LABELS } from '../features/profile/labels.ts';
import { describeError } from '../lib/errors.ts';
import { formatMonthYear, fullName } from '../lib/format.ts';
import { trpc } from '../lib/trpc.ts';
import './ProfilePage.css';

type ProfileView = RouterOutputs['profile']['byUsername'];
type FullView = Extract<ProfileView, { access: 'full' }>;
type CardView = Extract<ProfileView, { access: 'card' }>;

/** /u/:username — someone's profile, as far as their privacy setting lets this viewer see it. */
export function ProfilePage() {
  const { username = '' } = useParams();
  const profile = trpc.profile.byUsername.useQuery({ username });
  const { viewer } = useViewer();

  if (profile.isPending) return <ProfileSkeleton />;

  if (profile.isError) {
    const kind = describeError(profile.error).kind;
    // Hidden (private, blocked, deactivated) and unknown look the same on purpose.
    if (kind === 'not_found' || kind === 'validation') {
      return (
        <div className="container pc-page" style={{ paddingTop: 'var(--space-12)' }}>
          <title>Profile not found · Plastic Crack</title>
          <EmptyState
            size="lg"
            headingLevel={1}
            icon="user"
            eyebrow="Profile not found"
            title={`We couldn't find @${username}`}
            description="The name may be misspelt, or this hobbyist keeps their profile private."
            action={
              <ButtonLink to="/" iconStart="home">
                Back to home
              </ButtonLink>
            }
          />
        </div>
      );
    }
    return (
      <div className="container pc-page" style={{ paddingTop: 'var(--space-12)' }}>
        <title>Profile · Plastic Crack</title>
        <ErrorState
          size="lg"
          headingLevel={1}
          error={profile.error}
          title="This profile didn't load"
          onRetry={() => void profile.refetch()}
          retrying={profile.isFetching}
        />
      </div>
    );
  }

  const view = profile.data;
  const own = viewer !== null && view.relationship.self;
  return view.access === 'full' ? <FullProfile view={view} own={own} /> : <CardProfile view={view} />;
}

function FullProfile({ view, own }: { view: FullView; own: boolean }) {
  const { profile } = view;
  const name = fullName(profile);
  const { stats } = profile;
  const painted = stats.totalModels > 0 ? stats.paintedModels : 0;
  return (
    <div className="pc-profile">
      <title>{`${name ?? profile.username} (@${profile.username}) · Plastic Crack`}</title>
      <div className="pc-profile__banner" aria-hidden="true" />
      <div className="container pc-profile__inner">
        <header className="pc-profile__header">
          <Avatar
            name={profile.username}
            src={profile.avatarUrl}
            size="xl"
            className="pc-profile__avatar"
            decorative
          />
          <div className="pc-profile__identity">
            <h1 className="pc-profile__name">{name ?? profile.username}</h1>
            <p className="pc-profile__handle">@{profile.username}</p>
            <ul role="list" className="pc-profile__facts">
              <li>
                <Badge tone="brand" icon="star">
                  {EXPERIENCE_LABELS[profile.experienceLevel].title}
                </Badge>
              </li>
              {profile.location ? (
                <li>
                  <Icon name="map-pin" size={16} />
                  <span className="visually-hidden">Location: </span>
                  {profile.location}
                </li>
              ) : null}
              <li>
                <Icon name="calendar" size={16} />
                Joined {formatMonthYear(profile.createdAt)}
              </li>
              {own ? (
                <li>
                  <Icon name={PRIVACY_LABELS[profile.privacySetting].icon} size={16} />
                  {PRIVACY_LABELS[profile.privacySetting].badge}
                </li>
              ) : null}
            </ul>
          </div>
          {own ? (
            <div className="pc-profile__actions">
              <ButtonLink to="/settings/profile" variant="secondary" iconStart="sliders">
                Edit profile
              </ButtonLink>
            </div>
          ) : null}
        </header>

        <div className="pc-profile__grid">
          <div className="pc-profile__main">
            <Card as="section" aria-labelledby="profile-about" padding="lg">
              <h2 id="profile-about" className="pc-profile__section-title">
                About
              </h2>
              {profile.bio ? (
                <p className="pc-profile__bio">{profile.bio}</p>
              ) : (
                <p className="muted">
                  {own
                    ? 'Your bio is empty. Tell other hobbyists what you paint and play.'
                    : `${profile.username} hasn't written a bio yet.`}
                </p>
              )}
              {own && !profile.bio ? (
                <ButtonLink to="/settings/profile" variant="ghost" size="sm" iconStart="plus">
                  Write a bio
                </ButtonLink>
              ) : null}
            </Card>

            <Card as="section" aria-labelledby="profile-hobby" padding="lg">
              <h2 id="profile-hobby" className="pc-profile__section-title">
                On the painting table
              </h2>
              <TagGroup
                title="Game systems"
                tags={profile.preferredGameSystems}
                empty="No game systems listed."
              />
              <TagGroup
                title="Paint brands"
                tags={profile.preferredPaintBrands}
                empty="No paint brands listed."
              />
            </Card>
          </div>

          <aside className="pc-profile__side" aria-label="Numbers">
            <Card padding="lg" className="pc-profile__stats">
              <dl className="pc-profile__stat-list">
                <Stat label="Followers" value={stats.followerCount} />
                <Stat label="Following" value={stats.followingCount} />
                <Stat label="Models" value={stats.totalModels} />
                <Stat label="Armies" value={stats.armyCount} />
              </dl>
              <ProgressBar
                label="Painted"
                value={painted}
                max={Math.max(stats.totalModels, 1)}
                valueText={
                  stats.totalModels > 0
                    ? `${stats.paintedModels} of ${stats.totalModels} models`
                    : 'No models logged yet'
                }
              />
            </Card>
          </aside>
        </div>
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="pc-profile__stat">
      <dt>{label}</dt>
      <dd>{value.toLocaleString()}</dd>
    </div>
  );
}

function TagGroup({ title, tags, empty }: { title: string; tags: string[]; empty: string }) {
  return (
    <div className="pc-profile__tags">
      <h3 className="pc-profile__tags-title">{title}</h3>
      {tags.length > 0 ? (
        <ul role="list" className="pc-profile__tag-list">
          {tags.map((tag) => (
            <li key={tag}>
              <Badge className="pc-profile__tag">{tag}</Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </div>
  );
}

/** A friends-only profile seen by someone who is not a friend: who it is, and no more. */
function CardProfile({ view }: { view: CardView }) {
  const { profile } = view;
  return (
    <div className="container pc-page" style={{ paddingTop: 'var(--space-12)' }}>
      <title>{`@${profile.username} · Plastic Crack`}</title>
      <Card padding="lg" className="pc-profile-card">
        <Avatar name={profile.username} src={profile.avatarUrl} size="xl" decorative />
        <h1 className="pc-profile__name">@{profile.username}</h1>
        <Badge icon="users">Friends only</Badge>
        <p className="muted">
          {profile.username} shares their profile with friends only. Once you are friends, you'll see their
          bio, collection numbers and favourite game systems here.
        </p>
      </Card>
    </div>
  );
}

function ProfileSkeleton() {
  return (
    <div className="pc-profile" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading profile…
      </span>
      <div className="pc-profile__banner" aria-hidden="true" />
      <div className="container pc-profile__inner" aria-hidden="true">
        <div className="pc-profile__header">
          <Skeleton shape="circle" width="5rem" className="pc-profile__avatar" />
          <div className="pc-profile__identity">
            <Skeleton height="2rem" width="14rem" />
            <Skeleton height="1rem" width="8rem" />
          </div>
        </div>
        <div className="pc-profile__grid">
          <Card padding="lg">
            <Skeleton height="1.25rem" width="6rem" />
            <SkeletonText lines={3} />
          </Card>
          <Card padding="lg">
            <SkeletonText lines={4} />
          </Card>
        </div>
      </div>
    </div>
  );
}
