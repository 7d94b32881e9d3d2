import { ACCOUNT_DELETION_GRACE_DAYS, requestDeletionInput } from '@plastic-crack/api-contract';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  CardHeader,
  Dialog,
  PasswordField,
  TextField,
  useToast,
} from '../../components/ui/index.ts';
import type { OwnProfile } from '../../features/profile/useOwnProfile.ts';
import { describeError } from '../../lib/errors.ts';
import { daysUntil, formatDate } from '../../lib/format.ts';
import { useForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { ProfileSection } from './SettingsSection.tsx';

export function AccountSettings() {
  return (
    <ProfileSection
      title="Your data"
      description="Your account details, a copy of everything you've put into Plastic Crack, and closing the account."
    >
      {(profile) => (
        <>
          <DetailsCard profile={profile} />
          <ExportCard username={profile.username} />
          <DeletionCard profile={profile} />
        </>
      )}
    </ProfileSection>
  );
}

function DetailsCard({ profile }: { profile: OwnProfile }) {
  return (
    <Card as="section" padding="lg" aria-labelledby="details-title">
      <CardHeader id="details-title" title="Account" level={3} />
      <dl className="pc-detail-list">
        <dt>Username</dt>
        <dd>@{profile.username}</dd>
        <dt>E-mail</dt>
        <dd>
          {profile.email}
          {profile.emailVerified ? (
            <Badge tone="success" size="sm" icon="check">
              Confirmed
            </Badge>
          ) : (
            <Badge tone="warning" size="sm">
              Not confirmed
            </Badge>
          )}
        </dd>
        <dt>Member since</dt>
        <dd>{formatDate(profile.createdAt)}</dd>
      </dl>
    </Card>
  );
}

function ExportCard({ username }: { username: string }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const download = useMutation({
    mutationFn: () => utils.account.export.fetch(undefined, { staleTime: 0 }),
    onSuccess: (data) => {
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `plastic-crack-${username}-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast.show({ tone: 'success', title: 'Your data is downloading', description: link.download });
    },
    onError: (error) =>
      toast.show({
        tone: 'danger',
        title: "Couldn't prepare your data",
        description: describeError(error).message,
      }),
  });

  return (
    <Card as="section" padding="lg" aria-labelledby="export-title">
      <CardHeader
        id="export-title"
        title="Download your data"
        level={3}
        description="One JSON file with your profile, collection, armies, wishlists, messages and the rest. Passwords and sign-in tokens are never included."
      />
      <div>
        <Button
          variant="secondary"
          iconStart="download"
          loading={download.isPending}
          onClick={() => download.mutate()}
        >
          Download my data
        </Button>
      </div>
    </Card>
  );
}

function DeletionCard({ profile }: { profile: OwnProfile }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const [asking, setAsking] = useState(false);

  const cancel = trpc.account.cancelDeletion.useMutation({
    onSuccess: () => {
      void utils.profile.me.invalidate();
      toast.show({
        tone: 'success',
        title: 'Your account is staying',
        description: 'The deletion is cancelled.',
      });
    },
    onError: (error) =>
      toast.show({
        tone: 'danger',
        title: "Couldn't cancel the deletion",
        description: describeError(error).message,
      }),
  });

  if (profile.deletionScheduledAt) {
    const days = daysUntil(profile.deletionScheduledAt);
    return (
      <Card as="section" padding="lg" className="pc-danger-card" aria-labelledby="deletion-title">
        <CardHeader id="deletion-title" title="Account deletion" level={3} />
        <Alert
          tone="warning"
          role="status"
          title={`Your account will be deleted on ${formatDate(profile.deletionScheduledAt)}`}
          actions={
            <Button iconStart="refresh" loading={cancel.isPending} onClick={() => cancel.mutate()}>
              Keep my account
            </Button>
          }
        >
          {days > 0
            ? `${days} ${days === 1 ? 'day' : 'days'} left. Until then you can change your mind; after that, everything is gone for good.`
            : 'It will be deleted shortly.'}
        </Alert>
      </Card>
    );
  }

  return (
    <Card as="section" padding="lg" className="pc-danger-card" aria-labelledby="deletion-title">
      <CardHeader
        id="deletion-title"
        title="Delete your account"
        level={3}
        description={`Your profile disappears at once. ${ACCOUNT_DELETION_GRACE_DAYS} days later, the account and everything in it are deleted for good. Until then, sign in and cancel if you change your mind.`}
      />
      <div>
        <Button variant="danger" iconStart="trash" onClick={() => setAsking(true)}>
          Delete my account…
        </Button>
      </div>
      <DeleteDialog open={asking} onClose={() => setAsking(false)} profile={profile} />
    </Card>
  );
}

function DeleteDialog({
  open,
  onClose,
  profile,
}: {
  open: boolean;
  onClose: () => void;
  profile: OwnProfile;
}) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const form = useForm({ password: '', confirmUsername: '' });
  const request = trpc.account.requestDeletion.useMutation();
  const field = profile.hasPassword ? 'password' : 'confirmUsername';

  const close = () => {
    form.reset({ password: '', confirmUsername: '' });
    onClose();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.check(requestDeletionInput, { [field]: form.values[field] });
    if (!input) return;
    request.mutate(input, {
      onSuccess: ({ deletionScheduledAt }) => {
        close();
        void utils.profile.me.invalidate();
        void utils.auth.sessions.list.invalidate();
        toast.show({
          tone: 'warning',
          title: 'Your account is scheduled for deletion',
          description: deletionScheduledAt
            ? `It will be deleted on ${formatDate(deletionScheduledAt)}.`
            : undefined,
          durationMs: 10_000,
        });
      },
      onError: (error) =>
        form.fail(error, (described) => (described.kind === 'validation' ? field : undefined)),
    });
  };

  const error = form.errors[field] ?? form.formError?.message;
  return (
    <Dialog
      open={open}
      onClose={close}
      tone="danger"
      title="Delete your account?"
      description={`We'll keep it for ${ACCOUNT_DELETION_GRACE_DAYS} days in case you change your mind, then delete your profile, collection, armies, wishlists and messages for good. Your other devices are signed out now.`}
    >
      <form ref={form.formRef} className="pc-settings-form" onSubmit={onSubmit} noValidate>
        {profile.hasPassword ? (
          <PasswordField
            label="Your password, to confirm"
            name="password"
            autoComplete="current-password"
            required
            value={form.values.password}
            onChange={(event) => form.set('password', event.target.value)}
            error={error}
          />
        ) : (
          <TextField
            label={`Type your username (${profile.username}) to confirm`}
            name="confirmUsername"
            autoComplete="off"
            required
            value={form.values.confirmUsername}
            onChange={(event) => form.set('confirmUsername', event.target.value)}
            error={error}
          />
        )}
        <div className="pc-dialog__footer">
          <Button variant="ghost" onClick={close}>
            Keep my account
          </Button>
          <Button type="submit" variant="danger" iconStart="trash" loading={request.isPending}>
            Delete my account
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
