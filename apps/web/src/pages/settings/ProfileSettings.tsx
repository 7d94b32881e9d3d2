import {
  PROFILE_LIMITS,
  experienceLevelSchema,
  profileUpdateInput,
  type ExperienceLevel,
} from '@plastic-crack/api-contract';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState, type ChangeEvent, type FormEvent } from 'react';
import {
  Alert,
  Avatar,
  Button,
  Card,
  CardHeader,
  Select,
  TagInput,
  TextField,
  Textarea,
  buttonClassName,
  useToast,
} from '../../components/ui/index.ts';
import { EXPERIENCE_LABELS } from '../../features/profile/labels.ts';
import { useUpdateProfile, type OwnProfile } from '../../features/profile/useOwnProfile.ts';
import { describeError } from '../../lib/errors.ts';
import { useForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { UploadError, uploadAvatar } from '../../lib/uploads.ts';
import { FormActions, ProfileSection, ViewProfileLink } from './SettingsSection.tsx';

const GAME_SYSTEMS = [
  'Warhammer 40,000',
  'Age of Sigmar',
  'Kill Team',
  'The Horus Heresy',
  'Warhammer: The Old World',
  'Necromunda',
  'Blood Bowl',
  'Warcry',
  'Middle-earth Strategy Battle Game',
  'Bolt Action',
  'Star Wars: Legion',
  'Marvel Crisis Protocol',
  'Infinity',
  'Trench Crusade',
  'Frostgrave',
] as const;

const PAINT_BRANDS = [
  'Citadel',
  'Vallejo',
  'The Army Painter',
  'Scale75',
  'AK Interactive',
  'Pro Acryl',
  'Two Thin Coats',
  'Kimera',
  'Green Stuff World',
  'Reaper',
  'P3',
] as const;

interface ProfileFormValues extends Record<string, unknown> {
  firstName: string;
  lastName: string;
  location: string;
  bio: string;
  experienceLevel: ExperienceLevel;
  preferredGameSystems: string[];
  preferredPaintBrands: string[];
}

const valuesOf = (profile: OwnProfile): ProfileFormValues => ({
  firstName: profile.firstName ?? '',
  lastName: profile.lastName ?? '',
  location: profile.location ?? '',
  bio: profile.bio ?? '',
  experienceLevel: profile.experienceLevel,
  preferredGameSystems: profile.preferredGameSystems,
  preferredPaintBrands: profile.preferredPaintBrands,
});

export function ProfileSettings() {
  return (
    <ProfileSection
      title="Profile"
      description="What other hobbyists see on your profile page. Only your username is required."
    >
      {(profile) => (
        <>
          <AvatarEditor profile={profile} />
          <ProfileForm profile={profile} />
        </>
      )}
    </ProfileSection>
  );
}

function ProfileForm({ profile }: { profile: OwnProfile }) {
  const form = useForm<ProfileFormValues>(() => valuesOf(profile));
  const { save, pending } = useUpdateProfile('Profile saved');
  const saved = valuesOf(profile);
  const dirty = JSON.stringify(form.values) !== JSON.stringify(saved);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.check(profileUpdateInput);
    if (!input) return;
    save(input, { onSuccess: (next) => form.reset(valuesOf(next)), onError: (error) => form.fail(error) });
  };

  return (
    <Card as="section" padding="lg" aria-labelledby="profile-details-title">
      <CardHeader
        id="profile-details-title"
        title="About you"
        level={3}
        description="Names, where you paint, and what you paint with."
      />
      <form ref={form.formRef} className="pc-settings-form" onSubmit={onSubmit} noValidate>
        {form.formError ? (
          <Alert tone="danger" role="alert" title={form.formError.title}>
            {form.formError.message}
          </Alert>
        ) : null}
        <div className="pc-settings-form__row">
          <TextField
            label="First name"
            name="firstName"
            autoComplete="given-name"
            maxLength={PROFILE_LIMITS.nameChars}
            value={form.values.firstName}
            onChange={(event) => form.set('firstName', event.target.value)}
            error={form.errors.firstName}
          />
          <TextField
            label="Last name"
            name="lastName"
            autoComplete="family-name"
            maxLength={PROFILE_LIMITS.nameChars}
            value={form.values.lastName}
            onChange={(event) => form.set('lastName', event.target.value)}
            error={form.errors.lastName}
          />
        </div>
        <div className="pc-settings-form__row">
          <TextField
            label="Location"
            name="location"
            autoComplete="address-level2"
            placeholder="Nottingham, UK"
            maxLength={PROFILE_LIMITS.locationChars}
            value={form.values.location}
            onChange={(event) => form.set('location', event.target.value)}
            error={form.errors.location}
            hint="A town or region is plenty."
          />
          <Select
            label="Painting experience"
            name="experienceLevel"
            value={form.values.experienceLevel}
            options={experienceLevelSchema.options.map((level) => ({
              value: level,
              label: EXPERIENCE_LABELS[level].title,
            }))}
            onChange={(event) => form.set('experienceLevel', event.target.value as ExperienceLevel)}
            error={form.errors.experienceLevel}
            hint={EXPERIENCE_LABELS[form.values.experienceLevel].description}
          />
        </div>
        <Textarea
          label="Bio"
          name="bio"
          rows={5}
          maxLength={PROFILE_LIMITS.bioChars}
          placeholder="Ultramarines since 2nd edition. Currently fighting a pile of Stormcast…"
          value={form.values.bio}
          onChange={(event) => form.set('bio', event.target.value)}
          error={form.errors.bio}
          hint={`${form.values.bio.length} of ${PROFILE_LIMITS.bioChars} characters.`}
        />
        <TagInput
          label="Game systems you play"
          itemName="game system"
          value={form.values.preferredGameSystems}
          onChange={(tags) => form.set('preferredGameSystems', tags)}
          suggestions={GAME_SYSTEMS}
          maxTags={PROFILE_LIMITS.gameSystems}
          placeholder="Warhammer 40,000"
          error={form.errors.preferredGameSystems}
        />
        <TagInput
          label="Paint brands you use"
          itemName="paint brand"
          value={form.values.preferredPaintBrands}
          onChange={(tags) => form.set('preferredPaintBrands', tags)}
          suggestions={PAINT_BRANDS}
          maxTags={PROFILE_LIMITS.paintBrands}
          placeholder="Citadel"
          error={form.errors.preferredPaintBrands}
        />
        <FormActions
          dirty={dirty}
          pending={pending}
          onDiscard={() => form.reset(saved)}
          saveLabel="Save profile"
          extra={<ViewProfileLink username={profile.username} />}
        />
      </form>
    </Card>
  );
}

/** What the server's image pipeline can read (it refuses other types even when an admin allows them). */
const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp';

/**
 * Choose a picture, see it in the circle it will appear in, then save it (or change your mind).
 * The server re-encodes it and strips its metadata; its size and type limits are its own.
 */
function AvatarEditor({ profile }: { profile: OwnProfile }) {
  const inputId = useId();
  const hintId = useId();
  const toast = useToast();
  const utils = trpc.useUtils();
  const [chosen, setChosen] = useState<{ file: File; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () => () => {
      if (chosen) URL.revokeObjectURL(chosen.url);
    },
    [chosen],
  );

  const refreshAfterChange = () => {
    void utils.profile.me.invalidate();
    void utils.auth.me.invalidate();
    void utils.profile.byUsername.invalidate({ username: profile.username });
  };

  const upload = useMutation({
    mutationFn: (file: File) => uploadAvatar(file),
    onSuccess: () => {
      setChosen(null);
      setError(null);
      refreshAfterChange();
      toast.show({ tone: 'success', title: 'New profile picture saved' });
    },
    onError: (failure) => {
      if (failure instanceof UploadError && failure.status === 401) void utils.auth.me.invalidate();
      setError(failure instanceof UploadError ? failure.message : 'The upload failed. Please try again.');
    },
  });

  const remove = trpc.profile.removeAvatar.useMutation({
    onSuccess: (next) => {
      utils.profile.me.setData(undefined, next);
      refreshAfterChange();
      toast.show({ tone: 'success', title: 'Profile picture removed' });
    },
    onError: (failure) => setError(describeError(failure).message),
  });

  const onChoose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      setError('That file is not a picture. Choose a JPG, PNG or WebP image.');
      return;
    }
    setError(null);
    setChosen({ file, url: URL.createObjectURL(file) });
  };

  const busy = upload.isPending || remove.isPending;
  const shown = chosen?.url ?? profile.avatarUrl;

  return (
    <Card as="section" padding="lg" aria-labelledby="avatar-title">
      <div className="pc-avatar-editor">
        <div className="pc-avatar-editor__preview">
          <Avatar name={profile.username} src={shown} size="xl" key={shown ?? 'none'} decorative />
        </div>
        <div className="pc-avatar-editor__text">
          <h3 id="avatar-title" className="pc-avatar-editor__title">
            Profile picture
          </h3>
          <p id={hintId} className="muted">
            {chosen
              ? `Preview of ${chosen.file.name}. Save it to use it everywhere.`
              : 'A square photo of your best model works well. JPG, PNG or WebP.'}
          </p>
          {error ? (
            <Alert tone="danger" role="alert">
              {error}
            </Alert>
          ) : null}
          <div className="pc-avatar-editor__actions">
            {chosen ? (
              <>
                <Button
                  iconStart="upload"
                  loading={upload.isPending}
                  onClick={() => upload.mutate(chosen.file)}
                >
                  Save picture
                </Button>
                <Button variant="ghost" disabled={busy} onClick={() => setChosen(null)}>
                  Cancel
                </Button>
              </>
            ) : (
              <>
                <input
                  id={inputId}
                  type="file"
                  accept={ACCEPTED_TYPES}
                  className="visually-hidden pc-file-input"
                  aria-describedby={hintId}
                  disabled={busy}
                  onChange={onChoose}
                />
                <label htmlFor={inputId} className={buttonClassName({ variant: 'secondary' })}>
                  {profile.avatarUrl ? 'Change picture' : 'Choose a picture'}
                </label>
                {profile.avatarUrl ? (
                  <Button
                    variant="ghost"
                    iconStart="trash"
                    loading={remove.isPending}
                    onClick={() => remove.mutate()}
                  >
                    Remove
                  </Button>
                ) : null}
              </>
            )}
          </div>
        </div>
      </div>
    </Card>
  );
}
