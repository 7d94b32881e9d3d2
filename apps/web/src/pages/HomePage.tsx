import { Avatar } from '../components/ui/Avatar.tsx';
import { Badge, type Tone } from '../components/ui/Badge.tsx';
import { ButtonLink, buttonClassName } from '../components/ui/Button.tsx';
import { Card } from '../components/ui/Card.tsx';
import { Icon, type IconName } from '../components/ui/Icon.tsx';
import { useViewer } from '../features/auth/useViewer.ts';
import { ProgressBar } from '../components/ui/ProgressBar.tsx';
import './HomePage.css';

const GAMES = [
  'Warhammer 40,000',
  'Age of Sigmar',
  'Kill Team',
  'The Horus Heresy',
  'Blood Bowl',
  'and whatever else is on your shelf',
];

/** The painting stages a model moves through; the collection pages will use the same steps. */
const PAINTING_STAGES = [
  { key: 'unbuilt', label: 'On the sprue', hint: 'Bought, boxed, waiting', count: 9 },
  { key: 'assembled', label: 'Assembled', hint: 'Clipped, cleaned, glued', count: 4 },
  { key: 'primed', label: 'Primed', hint: 'Undercoat on', count: 6 },
  { key: 'basecoated', label: 'Base coated', hint: 'Blocked in', count: 5 },
  { key: 'painted', label: 'Painted', hint: 'Shaded and highlighted', count: 22 },
  { key: 'based', label: 'Based', hint: 'Ready for the table', count: 9 },
] as const;

const FEATURES: Array<{ icon: IconName; title: string; text: string }> = [
  {
    icon: 'box',
    title: 'Your whole collection',
    text: 'Log every kit and model you own, from the box still in its shrink-wrap to the centrepiece on the shelf.',
  },
  {
    icon: 'brush',
    title: 'Painting progress',
    text: 'Move models from sprue to based and watch the pile of shame shrink, one squad at a time.',
  },
  {
    icon: 'shield',
    title: 'Army builder',
    text: 'Put lists together against a points limit from the models you actually own, and see what is still unpainted.',
  },
  {
    icon: 'heart',
    title: 'Wishlists',
    text: 'Keep track of the kits you are after and share the list before your birthday comes round.',
  },
  {
    icon: 'tag',
    title: 'Price tracking',
    text: 'Follow prices across retailers, see the history, and get told when something on your wishlist drops.',
  },
  {
    icon: 'users',
    title: 'Hobby community',
    text: 'Share painted models, follow other hobbyists, and chat in real time about the next project.',
  },
];

const SHOWCASE_KITS: Array<{ name: string; count: number; stage: string; tone: Tone }> = [
  { name: 'Intercessor Squad', count: 10, stage: 'Painted', tone: 'success' },
  { name: 'Redemptor Dreadnought', count: 1, stage: 'Base coated', tone: 'info' },
  { name: 'Terminator Squad', count: 5, stage: 'Primed', tone: 'neutral' },
];

/** Visitors are invited to join; a signed-in hobbyist gets a way to their own page. */
function HeroActions() {
  const { viewer } = useViewer();
  return (
    <div className="pc-hero__actions">
      {viewer ? (
        <ButtonLink to={`/u/${encodeURIComponent(viewer.username)}`} size="lg" iconStart="user">
          Your profile
        </ButtonLink>
      ) : (
        <ButtonLink to="/sign-up" size="lg" iconEnd="arrow-right">
          Create your free account
        </ButtonLink>
      )}
      <a href="#features" className={buttonClassName({ size: 'lg', variant: 'secondary' })}>
        See what it does
      </a>
    </div>
  );
}

export function HomePage() {
  return (
    <div className="pc-home">
      <title>Plastic Crack · track your miniatures, from sprue to display</title>

      <section className="pc-hero" aria-labelledby="hero-title">
        <div className="container pc-hero__inner">
          <div className="pc-hero__text">
            <p className="eyebrow">For miniature painters and collectors</p>
            <h1 id="hero-title" className="pc-hero__title">
              Your pile of shame, <span className="pc-hero__highlight">finally under control.</span>
            </h1>
            <p className="pc-hero__lede">
              Plastic Crack keeps track of every model you own and how far each one is painted. Build armies
              from your collection, keep wishlists, follow prices, and share your finished work with other
              hobbyists.
            </p>
            <HeroActions />
            <p className="pc-hero__games">
              <span className="visually-hidden">Made for: </span>
              {GAMES.map((game, index) => (
                <span key={game}>
                  {index > 0 ? <span aria-hidden="true"> · </span> : null}
                  {game}
                </span>
              ))}
            </p>
          </div>

          <Showcase />
        </div>
      </section>

      <section className="container pc-home-section" aria-labelledby="pipeline-title">
        <div className="pc-section-heading">
          <p className="eyebrow">Painting progress</p>
          <h2 id="pipeline-title">From sprue to display cabinet</h2>
          <p className="muted">
            Every model has a stage. Plastic Crack counts them up so you can see at a glance what is left to
            do and celebrate what is done.
          </p>
        </div>
        <ol className="pc-pipeline" role="list">
          {PAINTING_STAGES.map((stage, index) => (
            <li key={stage.key} className={`pc-pipeline__stage pc-pipeline__stage--${stage.key}`}>
              <span className="pc-pipeline__step" aria-hidden="true">
                {index + 1}
              </span>
              <span className="pc-pipeline__label">{stage.label}</span>
              <span className="pc-pipeline__hint">{stage.hint}</span>
            </li>
          ))}
        </ol>
      </section>

      <section id="features" className="container pc-home-section" aria-labelledby="features-title">
        <div className="pc-section-heading">
          <p className="eyebrow">What's coming</p>
          <h2 id="features-title">Everything the hobby needs, in one place</h2>
          <p className="muted">
            Plastic Crack is being built in the open. These arrive over the next releases; the server status
            page is live today.
          </p>
        </div>
        <ul role="list" className="pc-feature-grid">
          {FEATURES.map((feature) => (
            <Card as="li" key={feature.title} className="pc-feature">
              <span className="pc-feature__icon">
                <Icon name={feature.icon} size={22} />
              </span>
              <h3 className="pc-feature__title">{feature.title}</h3>
              <p className="pc-feature__text">{feature.text}</p>
              <Badge tone="brand" size="sm" className="pc-feature__badge">
                Coming soon
              </Badge>
            </Card>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** A mock collection card: shows the idea, and the design system, before the real pages exist. */
function Showcase() {
  const total = PAINTING_STAGES.reduce((sum, stage) => sum + stage.count, 0);
  const done = PAINTING_STAGES.filter((stage) => stage.key === 'painted' || stage.key === 'based').reduce(
    (sum, stage) => sum + stage.count,
    0,
  );
  return (
    <div className="pc-showcase" aria-hidden="true">
      <Card className="pc-showcase__card" padding="lg">
        <div className="pc-showcase__header">
          <Avatar name="Sergeant Varro" size="md" decorative />
          <div>
            <p className="pc-showcase__title">Ultramarines · 2nd Company</p>
            <p className="pc-showcase__subtitle">Warhammer 40,000 · 2,000 pts</p>
          </div>
        </div>

        <ProgressBar label="Painted" value={done} max={total} valueText={`${done} of ${total} models`} />

        <div className="pc-stage-bar">
          {PAINTING_STAGES.map((stage) => (
            <span
              key={stage.key}
              className={`pc-stage-bar__segment pc-pipeline__stage--${stage.key}`}
              style={{ flexGrow: stage.count }}
              title={`${stage.label}: ${stage.count}`}
            />
          ))}
        </div>

        <ul className="pc-showcase__kits">
          {SHOWCASE_KITS.map((kit) => (
            <li key={kit.name}>
              <span className="pc-showcase__kit-name">
                {kit.name} <span className="muted">×{kit.count}</span>
              </span>
              <Badge tone={kit.tone} dot size="sm">
                {kit.stage}
              </Badge>
            </li>
          ))}
        </ul>
      </Card>

      <Card className="pc-showcase__float pc-showcase__float--price" padding="sm">
        <span className="pc-showcase__float-icon">
          <Icon name="tag" size={18} />
        </span>
        <span>
          <strong>Price drop −18%</strong>
          <span className="pc-showcase__float-sub">Combat Patrol, on your wishlist</span>
        </span>
      </Card>

      <Card className="pc-showcase__float pc-showcase__float--social" padding="sm">
        <span className="pc-showcase__avatars">
          <Avatar name="Mira Quill" size="sm" decorative />
          <Avatar name="Osric Vane" size="sm" decorative />
          <Avatar name="Hal Brennt" size="sm" decorative />
        </span>
        <span>
          <strong>24 likes</strong>
          <span className="pc-showcase__float-sub">on your Redemptor WIP</span>
        </span>
      </Card>
    </div>
  );
}
