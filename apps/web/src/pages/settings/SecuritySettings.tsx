import { changePasswordInput, type RouterOutputs } from '@plastic-crack/api-contract';
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  ButtonLink,
  Card,
  CardHeader,
  Dialog,
  EmptyState,
  ErrorState,
  Icon,
  PasswordField,
  Skeleton,
  Switch,
  useToast,
} from '../../components/ui/index.ts';
import { useSignOut } from '../../features/auth/useViewer.ts';
import { useOwnProfile } from '../../features/profile/useOwnProfile.ts';
import { describeError } from '../../lib/errors.ts';
import { describeUserAgent, formatDate, formatRelative } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { SettingsSection } from './SettingsSection.tsx';

type SignIn = RouterOutputs['auth']['sessions']['list'][number];
type Device = RouterOutputs['auth']['devices']['list'][number];

export function SecuritySettings() {
  return (
    <SettingsSection
      title="Security"
      description="Your password, and everywhere your account is signed in. If something here doesn't look like you, sign it out and change your password."
    >
      <PasswordCard />
      <SessionsCard />
      <DevicesCard />
    </SettingsSection>
  );
}

function PasswordCard() {
  const profile = useOwnProfile();
  const toast = useToast();
  const utils = trpc.useUtils();
  const form = useForm({ currentPassword: '', newPassword: '', confirmPassword: '' });
  const change = trpc.auth.changePassword.useMutation();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.check(changePasswordInput);
    if (!input) return;
    if (form.values.confirmPassword !== form.values.newPassword) {
      form.setErrors({ confirmPassword: 'The two new passwords are not the same' });
      return;
    }
    change.mutate(input, {
      onSuccess: () => {
        form.reset({ currentPassword: '', newPassword: '', confirmPassword: '' });
        void utils.auth.sessions.list.invalidate();
        toast.show({
          tone: 'success',
          title: 'Password changed',
          description: 'We signed your account out everywhere else.',
        });
      },
      // A wrong current password comes back as a plain BAD_REQUEST without field data.
      onError: (error) =>
        form.fail(error, (described) => (described.kind === 'validation' ? 'currentPassword' : undefined)),
    });
  };

  return (
    <Card as="section" padding="lg" aria-labelledby="password-title">
      <CardHeader
        id="password-title"
        title="Password"
        level={3}
        description="Changing it signs you out on every other browser and device."
      />
      {profile.data && !profile.data.hasPassword ? (
        <Alert
          tone="info"
          title="You sign in without a password"
          actions={
            <ButtonLink to="/forgot-password" variant="secondary" size="sm" iconStart="mail">
              Set a password by e-mail
            </ButtonLink>
          }
        >
          Your account uses a linked provider. To add a password as well, we can e-mail you a link to choose
          one.
        </Alert>
      ) : (
        <form ref={form.formRef} className="pc-settings-form" onSubmit={onSubmit} noValidate>
          {form.formError ? (
            <Alert tone="danger" role="alert" title={form.formError.title}>
              {form.formError.message}
            </Alert>
          ) : null}
          <PasswordField
            label="Current password"
            name="currentPassword"
            autoComplete="current-password"
            required
            value={form.values.currentPassword}
            onChange={(event) => form.set('currentPassword', event.target.value)}
            error={form.errors.currentPassword}
          />
          <div className="pc-settings-form__row">
            <PasswordField
              label="New password"
              name="newPassword"
              autoComplete="new-password"
              required
              value={form.values.newPassword}
              onChange={(event) => form.set('newPassword', event.target.value)}
              error={form.errors.newPassword}
              hint="At least 10 characters."
            />
            <PasswordField
              label="New password again"
              name="confirmPassword"
              autoComplete="new-password"
              required
              value={form.values.confirmPassword}
              onChange={(event) => form.set('confirmPassword', event.target.value)}
              error={form.errors.confirmPassword}
            />
          </div>
          <div className="pc-settings-form__actions">
            <Button type="submit" iconStart="key" loading={change.isPending}>
              Change password
            </Button>
            <ButtonLink to="/forgot-password" variant="ghost">
              Forgot it?
            </ButtonLink>
          </div>
        </form>
      )}
    </Card>
  );
}

function SessionsCard() {
  const sessions = trpc.auth.sessions.list.useQuery();
  const utils = trpc.useUtils();
  const toast = useToast();
  const { signOut } = useSignOut();
  const [confirmOthers, setConfirmOthers] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);

  const revoke = trpc.auth.sessions.revoke.useMutation({
    onMutate: ({ id }) => setRevoking(id),
    onSettled: () => setRevoking(null),
    onSuccess: () => {
      void utils.auth.sessions.list.invalidate();
      void utils.auth.devices.list.invalidate();
      toast.show({ tone: 'success', title: 'Signed out that session' });
    },
    onError: (error) =>
      toast.show({
        tone: 'danger',
        title: "Couldn't sign it out",
        description: describeError(error).message,
      }),
  });
  const revokeOthers = trpc.auth.sessions.revokeOthers.useMutation({
    onSuccess: () => {
      setConfirmOthers(false);
      void utils.auth.sessions.list.invalidate();
      toast.show({
        tone: 'success',
        title: 'Signed out everywhere else',
        description: 'Only this browser is still signed in.',
      });
    },
    onError: (error) =>
      toast.show({
        tone: 'danger',
        title: "Couldn't sign the others out",
        description: describeError(error).message,
      }),
  });

  const others = sessions.data?.filter((session) => !session.current).length ?? 0;

  return (
    <Card as="section" padding="lg" aria-labelledby="sessions-title">
      <CardHeader
        id="sessions-title"
        title="Where you're signed in"
        level={3}
        description="Browsers and apps with access to your account, most recently used first."
        actions={
          others > 0 ? (
            <Button variant="secondary" size="sm" iconStart="log-out" onClick={() => setConfirmOthers(true)}>
              Sign out everywhere else
            </Button>
          ) : undefined
        }
      />
      {sessions.isPending ? (
        <ListSkeleton />
      ) : sessions.isError ? (
        <ErrorState
          error={sessions.error}
          title="Your sessions didn't load"
          onRetry={() => void sessions.refetch()}
          retrying={sessions.isFetching}
        />
      ) : (
        <ul role="list" className="pc-item-list" aria-label="Sessions">
          {sessions.data.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              busy={revoking === session.id}
              onRevoke={() => (session.current ? void signOut() : revoke.mutate({ id: session.id }))}
            />
          ))}
        </ul>
      )}
      <Dialog
        open={confirmOthers}
        onClose={() => setConfirmOthers(false)}
        title="Sign out everywhere else?"
        description={`${others} other ${others === 1 ? 'session' : 'sessions'} will be signed out at once, including apps on your phones. This browser stays signed in.`}
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirmOthers(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              iconStart="log-out"
              loading={revokeOthers.isPending}
              onClick={() => revokeOthers.mutate()}
            >
              Sign them out
            </Button>
          </>
        }
      />
    </Card>
  );
}

function SessionItem({ session, busy, onRevoke }: { session: SignIn; busy: boolean; onRevoke: () => void }) {
  const app = session.kind === 'app';
  const name = app
    ? `Plastic Crack app${session.device ? ` on ${platformName(session.device.platform)}` : ''}`
    : describeUserAgent(session.userAgent);
  return (
    <li className="pc-item">
      <span className={`pc-item__icon${session.current ? ' pc-item__icon--current' : ''}`} aria-hidden="true">
        <Icon name={app ? 'smartphone' : 'monitor'} size={20} />
      </span>
      <div className="pc-item__body">
        <p className="pc-item__title">
          {name}
          {session.current ? (
            <Badge tone="success" size="sm" dot>
              This browser
            </Badge>
          ) : null}
        </p>
        <p className="pc-item__meta">
          {session.current ? 'Active now' : `Last active ${formatRelative(session.lastUsedAt)}`}
          {session.ipAddress ? ` · ${session.ipAddress}` : ''} · Signed in {formatDate(session.createdAt)}
        </p>
      </div>
      <div className="pc-item__actions">
        <Button
          variant={session.current ? 'ghost' : 'secondary'}
          size="sm"
          loading={busy}
          onClick={onRevoke}
          aria-label={session.current ? 'Sign out of this browser' : `Sign out ${name}`}
        >
          Sign out
        </Button>
      </div>
    </li>
  );
}

const platformName = (platform: Device['platform']) =>
  ({ ios: 'iPhone or iPad', android: 'Android', web: 'the web' })[platform];

function DevicesCard() {
  const devices = trpc.auth.devices.list.useQuery();
  const utils = trpc.useUtils();
  const toast = useToast();
  const [removing, setRemoving] = useState<Device | null>(null);

  const setPush = trpc.auth.devices.setPush.useMutation({
    onSuccess: () => void utils.auth.devices.list.invalidate(),
    onError: (error) =>
      toast.show({
        tone: 'danger',
        title: "Couldn't change push",
        description: describeError(error).message,
      }),
  });
  const remove = trpc.auth.devices.remove.useMutation({
    onSuccess: () => {
      setRemoving(null);
      void utils.auth.devices.list.invalidate();
      void utils.auth.sessions.list.invalidate();
      toast.show({ tone: 'success', title: 'Device removed', description: 'It has been signed out.' });
    },
    onError: (error) =>
      toast.show({ tone: 'danger', title: "Couldn't remove it", description: describeError(error).message }),
  });

  return (
    <Card as="section" padding="lg" aria-labelledby="devices-title">
      <CardHeader
        id="devices-title"
        title="Your devices"
        level={3}
        description="Phones and tablets running the Plastic Crack app, and whether they get push notifications."
      />
      {devices.isPending ? (
        <ListSkeleton />
      ) : devices.isError ? (
        <ErrorState
          error={devices.error}
          title="Your devices didn't load"
          onRetry={() => void devices.refetch()}
          retrying={devices.isFetching}
        />
      ) : devices.data.length === 0 ? (
        <EmptyState
          icon="smartphone"
          headingLevel={3}
          title="No devices yet"
          description="When you sign in on the Plastic Crack app, your phone or tablet shows up here, and you can choose whether it gets push notifications."
        />
      ) : (
        <ul role="list" className="pc-item-list" aria-label="Devices">
          {devices.data.map((device) => {
            const name = `${platformName(device.platform)}${device.osVersion ? ` ${device.osVersion}` : ''}`;
            return (
              <li key={device.id} className="pc-item">
                <span className="pc-item__icon" aria-hidden="true">
                  <Icon name={device.platform === 'web' ? 'monitor' : 'smartphone'} size={20} />
                </span>
                <div className="pc-item__body">
                  <p className="pc-item__title">{name}</p>
                  <p className="pc-item__meta">
                    {device.appVersion ? `App ${device.appVersion} · ` : ''}Last seen{' '}
                    {formatRelative(device.lastSeenAt)}
                    {device.hasPushToken ? '' : ' · Push not set up on the device'}
                  </p>
                </div>
                <div className="pc-item__actions">
                  <Switch
                    label="Push"
                    checked={device.pushEnabled}
                    disabled={!device.hasPushToken || setPush.isPending}
                    onChange={(on) => setPush.mutate({ id: device.id, pushEnabled: on })}
                    aria-label={`Push notifications on ${name}`}
                  />
                  <Button variant="ghost" size="sm" iconStart="trash" onClick={() => setRemoving(device)}>
                    Remove
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove this device?"
        description="It will be signed out and stop getting push notifications. Signing in on it again adds it back."
        footer={
          <>
            <Button variant="ghost" onClick={() => setRemoving(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              iconStart="trash"
              loading={remove.isPending}
              onClick={() => removing && remove.mutate({ id: removing.id })}
            >
              Remove device
            </Button>
          </>
        }
      />
    </Card>
  );
}

function ListSkeleton() {
  return (
    <div className="stack" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading…
      </span>
      {[0, 1].map((index) => (
        <div key={index} className="pc-item" aria-hidden="true">
          <Skeleton width="2.75rem" height="2.75rem" />
          <div className="pc-item__body">
            <Skeleton height="1rem" width="12rem" />
            <Skeleton height="0.875rem" width="18rem" />
          </div>
        </div>
      ))}
    </div>
  );
}
