import { privacyLevelSchema, type PrivacyLevel } from '@plastic-crack/api-contract';
import { useState, type FormEvent } from 'react';
import { Card, RadioCards } from '../../components/ui/index.ts';
import { PRIVACY_LABELS } from '../../features/profile/labels.ts';
import { useUpdateProfile, type OwnProfile } from '../../features/profile/useOwnProfile.ts';
import { FormActions, ProfileSection, ViewProfileLink } from './SettingsSection.tsx';

export function PrivacySettings() {
  return (
    <ProfileSection
      title="Privacy"
      description="Choose who can see your profile page. You always see all of it yourself, and people you block never do."
    >
      {(profile) => <PrivacyForm profile={profile} />}
    </ProfileSection>
  );
}

function PrivacyForm({ profile }: { profile: OwnProfile }) {
  const [privacy, setPrivacy] = useState<PrivacyLevel>(profile.privacySetting);
  const { save, pending } = useUpdateProfile('Privacy setting saved');
  const dirty = privacy !== profile.privacySetting;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save({ privacySetting: privacy });
  };

  return (
    <Card as="section" padding="lg" aria-label="Who can see your profile">
      <form className="pc-settings-form" onSubmit={onSubmit}>
        <RadioCards
          legend="Who can see your profile"
          name="privacy"
          value={privacy}
          onChange={setPrivacy}
          options={privacyLevelSchema.options.map((level) => ({
            value: level,
            label: PRIVACY_LABELS[level].title,
            description: PRIVACY_LABELS[level].description,
            icon: PRIVACY_LABELS[level].icon,
          }))}
        />
        <FormActions
          dirty={dirty}
          pending={pending}
          onDiscard={() => setPrivacy(profile.privacySetting)}
          saveLabel="Save privacy"
          extra={<ViewProfileLink username={profile.username} />}
        />
      </form>
    </Card>
  );
}
