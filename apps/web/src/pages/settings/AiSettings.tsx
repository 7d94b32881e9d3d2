import { aiPreferencesSchema, type AiPreferences } from '@plastic-crack/api-contract';
import { useState, type FormEvent } from 'react';
import { Card, Select, Switch } from '../../components/ui/index.ts';
import { EXPERIENCE_LABELS } from '../../features/profile/labels.ts';
import { useUpdateProfile, type OwnProfile } from '../../features/profile/useOwnProfile.ts';
import { FormActions, ProfileSection } from './SettingsSection.tsx';

type AiSwitch = Exclude<keyof AiPreferences, 'skillLevelHint'>;

const SWITCHES: Array<{ key: AiSwitch; title: string; description: string }> = [
  {
    key: 'colourSchemeSuggestions',
    title: 'Colour scheme ideas',
    description: 'Suggest schemes for the models in your collection.',
  },
  {
    key: 'purchaseRecommendations',
    title: 'Kit recommendations',
    description: 'Recommend kits to buy, in your wishlist and feed.',
  },
  {
    key: 'autoTagPhotos',
    title: 'Tag my photos',
    description: 'Recognise the models in photos you upload and tag them for you.',
  },
  {
    key: 'useCollectionData',
    title: 'Learn from my collection',
    description:
      'Let the assistant read your collection and painting history to personalise the above. Off means generic suggestions only.',
  },
];

export function AiSettings() {
  return (
    <ProfileSection
      title="AI assistant"
      description="The assistant suggests, it never changes your collection by itself. Turn off whatever you don't want."
    >
      {(profile) => <AiForm profile={profile} />}
    </ProfileSection>
  );
}

function AiForm({ profile }: { profile: OwnProfile }) {
  const [prefs, setPrefs] = useState<AiPreferences>(profile.aiPreferences);
  const { save, pending } = useUpdateProfile('AI settings saved');
  const dirty = JSON.stringify(prefs) !== JSON.stringify(profile.aiPreferences);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = aiPreferencesSchema.safeParse(prefs);
    if (parsed.success)
      save({ aiPreferences: parsed.data }, { onSuccess: (next) => setPrefs(next.aiPreferences) });
  };

  const skillOptions = aiPreferencesSchema.shape.skillLevelHint.options.map((value) => ({
    value,
    label:
      value === 'fromProfile'
        ? `Same as my profile (${EXPERIENCE_LABELS[profile.experienceLevel].title})`
        : EXPERIENCE_LABELS[value].title,
  }));

  return (
    <Card as="section" padding="lg" aria-label="AI assistant settings">
      <form className="pc-settings-form" onSubmit={onSubmit}>
        <ul role="list" className="pc-switch-list">
          {SWITCHES.map((item) => (
            <li key={item.key}>
              <Switch
                label={item.title}
                description={item.description}
                checked={prefs[item.key]}
                onChange={(on) => setPrefs((current) => ({ ...current, [item.key]: on }))}
              />
            </li>
          ))}
        </ul>
        <Select
          label="Pitch technique tips at"
          value={prefs.skillLevelHint}
          options={skillOptions}
          onChange={(event) =>
            setPrefs((current) => ({
              ...current,
              skillLevelHint: event.target.value as AiPreferences['skillLevelHint'],
            }))
          }
        />
        <FormActions
          dirty={dirty}
          pending={pending}
          onDiscard={() => setPrefs(profile.aiPreferences)}
          saveLabel="Save AI settings"
        />
      </form>
    </Card>
  );
}
