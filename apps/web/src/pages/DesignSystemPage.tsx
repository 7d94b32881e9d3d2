import { useState } from 'react';
import { Alert } from '../components/ui/Alert.tsx';
import { Avatar } from '../components/ui/Avatar.tsx';
import { Badge, Chip } from '../components/ui/Badge.tsx';
import { Button } from '../components/ui/Button.tsx';
import { Card, CardHeader } from '../components/ui/Card.tsx';
import { Dialog } from '../components/ui/Dialog.tsx';
import { EmptyState } from '../components/ui/EmptyState.tsx';
import { ErrorState } from '../components/ui/ErrorState.tsx';
import { PasswordField, Select, TextField, Textarea } from '../components/ui/Field.tsx';
import { PageHeader } from '../components/ui/PageHeader.tsx';
import { ProgressBar } from '../components/ui/ProgressBar.tsx';
import { RadioCards } from '../components/ui/RadioCards.tsx';
import { Skeleton, SkeletonText } from '../components/ui/Skeleton.tsx';
import { Spinner } from '../components/ui/Spinner.tsx';
import { TagInput } from '../components/ui/TagInput.tsx';
import { Checkbox, Switch } from '../components/ui/Toggle.tsx';
import { useToast } from '../components/ui/Toast.tsx';
import './DesignSystemPage.css';

const FACTIONS = [
  { value: 'ultramarines', label: 'Ultramarines' },
  { value: 'necrons', label: 'Necrons' },
  { value: 'stormcast', label: 'Stormcast Eternals' },
];

/**
 * Every UI component in its states, for building and reviewing pages (not linked from the nav).
 * Open /design-system in both colour schemes after changing a component.
 */
export function DesignSystemPage() {
  const toast = useToast();
  const [saving, setSaving] = useState(false);
  const [filters, setFilters] = useState<string[]>(['painted']);
  const [systems, setSystems] = useState(['Kill Team', 'Blood Bowl']);
  const [visibility, setVisibility] = useState<'public' | 'friends'>('public');
  const [autoTag, setAutoTag] = useState(true);
  const [likesByMail, setLikesByMail] = useState(false);
  const [dialogOpen, setDialogOpen] = useState(false);
  const toggle = (key: string) =>
    setFilters((current) =>
      current.includes(key) ? current.filter((item) => item !== key) : [...current, key],
    );

  const save = () => {
    setSaving(true);
    window.setTimeout(() => {
      setSaving(false);
      toast.show({
        tone: 'success',
        title: 'Army list saved',
        description: 'Strike Force · 1,995 / 2,000 pts',
      });
    }, 1_200);
  };

  return (
    <div className="container pc-page pc-ds">
      <title>Design system · Plastic Crack</title>
      <PageHeader
        eyebrow="Internal"
        title="Design system"
        description="The building blocks every page uses. Tokens live in src/styles/tokens.css; components in src/components/ui."
      />

      <Card as="section" aria-labelledby="ds-buttons">
        <CardHeader
          id="ds-buttons"
          title="Buttons"
          description="Primary for the main action, brand for hobby highlights, secondary and ghost for the rest."
        />
        <div className="cluster">
          <Button>Primary</Button>
          <Button variant="brand" iconStart="sparkles">
            Brand
          </Button>
          <Button variant="secondary" iconStart="refresh">
            Secondary
          </Button>
          <Button variant="ghost">Ghost</Button>
          <Button variant="danger">Delete army</Button>
          <Button loading={saving} onClick={save}>
            Save list
          </Button>
          <Button disabled>Disabled</Button>
          <Button size="sm">Small</Button>
          <Button size="lg" iconEnd="arrow-right">
            Large
          </Button>
        </div>
      </Card>

      <Card as="section" aria-labelledby="ds-fields">
        <CardHeader
          id="ds-fields"
          title="Form fields"
          description="Label, hint and error are wired to the control for screen readers."
        />
        <div className="pc-ds__form">
          <TextField label="Kit name" placeholder="e.g. Intercessor Squad" hint="As printed on the box." />
          <TextField
            label="E-mail"
            type="email"
            defaultValue="tiberius@"
            error="Enter a valid e-mail address"
            required
          />
          <Select
            label="Faction"
            options={FACTIONS}
            placeholder="Choose a faction…"
            defaultValue=""
            required
          />
          <Textarea label="Painting notes" placeholder="Recipe, colours, what went wrong…" rows={3} />
        </div>
      </Card>

      <Card as="section" aria-labelledby="ds-choices">
        <CardHeader
          id="ds-choices"
          title="Passwords, tags, switches and choices"
          description="Enter or a comma adds a tag; Backspace in the empty box removes the last one."
        />
        <div className="pc-ds__form">
          <PasswordField label="Password" hint="At least 10 characters." defaultValue="sprue-cutters" />
          <TagInput
            label="Game systems"
            itemName="game system"
            value={systems}
            onChange={setSystems}
            suggestions={['Warhammer 40,000', 'Age of Sigmar', 'Necromunda']}
          />
          <div className="stack">
            <Switch
              label="Tag my photos"
              description="Recognise the models in photos you upload."
              checked={autoTag}
              onChange={setAutoTag}
            />
            <Checkbox label="Likes by e-mail" checked={likesByMail} onChange={setLikesByMail} />
          </div>
          <RadioCards
            legend="Who can see your profile"
            name="ds-visibility"
            value={visibility}
            onChange={setVisibility}
            options={[
              { value: 'public', label: 'Public', description: 'Anyone can see it.', icon: 'globe' },
              {
                value: 'friends',
                label: 'Friends only',
                description: 'Friends see everything.',
                icon: 'users',
              },
            ]}
          />
        </div>
      </Card>

      <Card as="section" aria-labelledby="ds-alerts">
        <CardHeader
          id="ds-alerts"
          title="Alerts and dialogs"
          description="An alert belongs to the page; a dialog asks before something that is hard to undo."
        />
        <div className="stack">
          <Alert tone="info" title="You always keep one way in">
            Your password still signs you in after unlinking.
          </Alert>
          <Alert tone="success" title="E-mail confirmed" />
          <Alert
            tone="warning"
            title="Your account will be deleted on 9 December"
            actions={
              <Button size="sm" variant="secondary">
                Keep my account
              </Button>
            }
          >
            14 days left to change your mind.
          </Alert>
          <Alert tone="danger" title="Couldn't sign you in">
            Wrong e-mail, username or password
          </Alert>
          <div>
            <Button variant="danger" iconStart="trash" onClick={() => setDialogOpen(true)}>
              Open a dialog
            </Button>
          </div>
        </div>
        <Dialog
          open={dialogOpen}
          onClose={() => setDialogOpen(false)}
          tone="danger"
          title="Delete this army?"
          description="Its list and notes go; the models stay in your collection."
          footer={
            <>
              <Button variant="ghost" onClick={() => setDialogOpen(false)}>
                Cancel
              </Button>
              <Button variant="danger" onClick={() => setDialogOpen(false)}>
                Delete army
              </Button>
            </>
          }
        />
      </Card>

      <div className="pc-ds__grid">
        <Card as="section" aria-labelledby="ds-badges">
          <CardHeader id="ds-badges" title="Badges and chips" />
          <div className="stack">
            <div className="cluster">
              <Badge>Neutral</Badge>
              <Badge tone="brand">Brand</Badge>
              <Badge tone="info" dot>
                Base coated
              </Badge>
              <Badge tone="success" dot>
                Painted
              </Badge>
              <Badge tone="warning" dot>
                Degraded
              </Badge>
              <Badge tone="danger" dot>
                Down
              </Badge>
            </div>
            <div className="cluster">
              {['unbuilt', 'primed', 'painted'].map((key) => (
                <Chip key={key} selected={filters.includes(key)} onClick={() => toggle(key)}>
                  {key[0]?.toUpperCase() + key.slice(1)}
                </Chip>
              ))}
              <Chip onRemove={() => toast.show({ title: 'Filter removed' })}>Necrons</Chip>
            </div>
          </div>
        </Card>

        <Card as="section" aria-labelledby="ds-progress">
          <CardHeader id="ds-progress" title="Progress, avatars, spinners" />
          <div className="stack">
            <ProgressBar label="Painted" value={31} max={55} valueText="31 of 55 models" />
            <ProgressBar
              label="Points used"
              value={1995}
              max={2000}
              tone="accent"
              valueText="1,995 / 2,000 pts"
              size="sm"
            />
            <div className="cluster">
              <Avatar name="Sergeant Varro" size="xs" />
              <Avatar name="Mira Quill" size="sm" />
              <Avatar name="Osric Vane" />
              <Avatar name="Hal Brennt" size="lg" />
              <Spinner />
              <Spinner size="lg" label="Loading" />
            </div>
          </div>
        </Card>
      </div>

      <div className="pc-ds__grid">
        <Card as="section" aria-labelledby="ds-skeleton">
          <CardHeader id="ds-skeleton" title="Skeleton" />
          <div className="cluster" style={{ alignItems: 'flex-start', flexWrap: 'nowrap' }}>
            <Skeleton shape="circle" width="3rem" />
            <SkeletonText lines={3} />
          </div>
        </Card>
        <Card as="section" aria-labelledby="ds-toast">
          <CardHeader id="ds-toast" title="Toasts" description="Announced politely to screen readers." />
          <div className="cluster">
            <Button
              variant="secondary"
              size="sm"
              onClick={() =>
                toast.show({ tone: 'info', title: 'New follower', description: 'Mira Quill follows you now' })
              }
            >
              Info
            </Button>
            <Button
              variant="secondary"
              size="sm"
              onClick={() =>
                toast.show({ tone: 'warning', title: 'Price went up', description: 'Combat Patrol +5%' })
              }
            >
              Warning
            </Button>
            <Button
              variant="secondary"
              size="sm"
              onClick={() =>
                toast.show({
                  tone: 'danger',
                  title: 'Could not save',
                  description: 'Check your connection and try again.',
                })
              }
            >
              Error
            </Button>
          </div>
        </Card>
      </div>

      <div className="pc-ds__grid">
        <EmptyState
          icon="box"
          title="Your collection is empty"
          description="Add your first kit to start tracking what is built, primed and painted."
          action={<Button iconStart="sparkles">Add a kit</Button>}
        />
        <ErrorState
          error={new TypeError('Failed to fetch')}
          title="Couldn't load your armies"
          onRetry={() => undefined}
        />
      </div>
    </div>
  );
}
