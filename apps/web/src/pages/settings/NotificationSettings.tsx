import {
  digestFrequencySchema,
  notificationPreferencesSchema,
  type NotificationChannels,
  type NotificationPreferences,
} from '@plastic-crack/api-contract';
import { useState, type FormEvent } from 'react';
import { Card, CardHeader, Checkbox, Select } from '../../components/ui/index.ts';
import { useUpdateProfile, type OwnProfile } from '../../features/profile/useOwnProfile.ts';
import { FormActions, ProfileSection } from './SettingsSection.tsx';

type Kind = Exclude<keyof NotificationPreferences, 'digest'>;

const KINDS: Array<{ kind: Kind; title: string; hint: string }> = [
  { kind: 'message', title: 'Messages', hint: 'Direct and group chat messages.' },
  { kind: 'comment', title: 'Comments', hint: 'Someone comments on your models or battle reports.' },
  { kind: 'like', title: 'Likes', hint: 'Someone likes one of your models or reports.' },
  { kind: 'follow', title: 'New followers', hint: 'Someone starts following you.' },
  {
    kind: 'friendRequest',
    title: 'Friend requests',
    hint: 'A request arrives, or one you sent is accepted.',
  },
  {
    kind: 'helpAnswer',
    title: 'Answers to your questions',
    hint: 'Someone answers a help request you posted.',
  },
  { kind: 'priceAlert', title: 'Price alerts', hint: 'A kit you watch drops below your target price.' },
  { kind: 'achievement', title: 'Achievements', hint: 'You reach a painting or collection milestone.' },
  { kind: 'reminder', title: 'Reminders', hint: 'Nudges about your painting goals.' },
  { kind: 'system', title: 'Account and service', hint: 'Security notices and important news.' },
];

const CHANNELS: Array<{ channel: keyof NotificationChannels; title: string; short: string }> = [
  { channel: 'inApp', title: 'In the app', short: 'App' },
  { channel: 'push', title: 'Push to your phone', short: 'Push' },
  { channel: 'email', title: 'E-mail', short: 'E-mail' },
];

const DIGEST_LABELS = { never: 'Never', daily: 'Every day', weekly: 'Once a week' } as const;

export function NotificationSettings() {
  return (
    <ProfileSection
      title="Notifications"
      description="Pick where each kind of news reaches you. Push needs the Plastic Crack app on a phone or tablet."
    >
      {(profile) => <NotificationsForm profile={profile} />}
    </ProfileSection>
  );
}

function NotificationsForm({ profile }: { profile: OwnProfile }) {
  const [prefs, setPrefs] = useState<NotificationPreferences>(profile.notificationPreferences);
  const { save, pending } = useUpdateProfile('Notification settings saved');
  const dirty = JSON.stringify(prefs) !== JSON.stringify(profile.notificationPreferences);

  const toggle = (kind: Kind, channel: keyof NotificationChannels, on: boolean) =>
    setPrefs((current) => ({ ...current, [kind]: { ...current[kind], [channel]: on } }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = notificationPreferencesSchema.safeParse(prefs);
    if (parsed.success)
      save(
        { notificationPreferences: parsed.data },
        { onSuccess: (next) => setPrefs(next.notificationPreferences) },
      );
  };

  return (
    <form className="pc-settings-form" onSubmit={onSubmit}>
      <Card as="section" padding="lg" aria-labelledby="notification-kinds-title">
        <CardHeader id="notification-kinds-title" title="What we tell you about" level={3} />
        <table className="pc-prefs-table">
          <caption className="visually-hidden">Where each kind of notification is delivered</caption>
          <thead>
            <tr>
              <th scope="col">Notification</th>
              {CHANNELS.map((channel) => (
                <th key={channel.channel} scope="col" className="pc-prefs-table__channel">
                  <abbr title={channel.title} style={{ textDecoration: 'none' }}>
                    {channel.short}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {KINDS.map(({ kind, title, hint }) => (
              <tr key={kind}>
                <th scope="row">
                  <span className="pc-prefs-table__kind">{title}</span>
                  <span className="pc-prefs-table__hint">{hint}</span>
                </th>
                {CHANNELS.map((channel) => (
                  <td key={channel.channel} className="pc-prefs-table__channel">
                    <Checkbox
                      hideLabel
                      label={`${title}: ${channel.title.toLowerCase()}`}
                      checked={prefs[kind][channel.channel]}
                      onChange={(on) => toggle(kind, channel.channel, on)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      <Card as="section" padding="lg" aria-labelledby="digest-title">
        <CardHeader
          id="digest-title"
          title="E-mail summary"
          level={3}
          description="A round-up of what you missed while you were away from the app."
        />
        <Select
          label="Send me a summary"
          value={prefs.digest}
          options={digestFrequencySchema.options.map((value) => ({ value, label: DIGEST_LABELS[value] }))}
          onChange={(event) =>
            setPrefs((current) => ({
              ...current,
              digest: event.target.value as NotificationPreferences['digest'],
            }))
          }
        />
        <FormActions
          dirty={dirty}
          pending={pending}
          onDiscard={() => setPrefs(profile.notificationPreferences)}
          saveLabel="Save notifications"
        />
      </Card>
    </form>
  );
}
