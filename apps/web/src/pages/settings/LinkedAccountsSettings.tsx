import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  CardHeader,
  Dialog,
  EmptyState,
  ErrorState,
  Skeleton,
  buttonClassName,
  useToast,
} from '../../components/ui/index.ts';
import { ProviderMark } from '../../features/auth/OAuthButtons.tsx';
import { oauthStartHref } from '../../features/auth/oauth.ts';
import { useOwnProfile } from '../../features/profile/useOwnProfile.ts';
import { describeError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { SettingsSection } from './SettingsSection.tsx';

const RETURN_TO = '/settings/linked-accounts';

interface Row {
  id: string;
  label: string;
  /** Offered by this server now (a provider switched off can still be linked, and unlinked). */
  enabled: boolean;
  startPath: string | null;
  link: { email: string | null; createdAt: string } | null;
}

export function LinkedAccountsSettings() {
  const providers = trpc.auth.oauth.providers.useQuery(undefined, { staleTime: 10 * 60_000 });
  const linked = trpc.auth.oauth.linked.useQuery();
  const profile = useOwnProfile();
  const utils = trpc.useUtils();
  const toast = useToast();
  const [unlinking, setUnlinking] = useState<Row | null>(null);

  const unlink = trpc.auth.oauth.unlink.useMutation({
    onSuccess: (_result, { provider }) => {
      setUnlinking(null);
      void utils.auth.oauth.linked.invalidate();
      toast.show({ tone: 'success', title: `${rowLabel(provider)} unlinked` });
    },
    onError: (error) =>
      toast.show({ tone: 'danger', title: "Couldn't unlink it", description: describeError(error).message }),
  });

  const rows: Row[] = [];
  for (const provider of providers.data ?? []) {
    const link = linked.data?.providers.find((item) => item.provider === provider.id) ?? null;
    rows.push({ id: provider.id, label: provider.label, enabled: true, startPath: provider.startPath, link });
  }
  for (const link of linked.data?.providers ?? []) {
    if (!rows.some((row) => row.id === link.provider)) {
      rows.push({ id: link.provider, label: link.label, enabled: false, startPath: null, link });
    }
  }
  function rowLabel(id: string) {
    return rows.find((row) => row.id === id)?.label ?? id;
  }

  const canUnlink = linked.data?.canUnlink ?? false;
  const hasPassword = profile.data?.hasPassword ?? true;
  const loading = providers.isPending || linked.isPending;
  const failed = providers.isError ? providers : linked.isError ? linked : null;

  return (
    <SettingsSection
      title="Linked accounts"
      description="Sign in with an account you already have elsewhere. Linking never shares your collection with the provider."
    >
      <Card as="section" padding="lg" aria-labelledby="providers-title">
        <CardHeader id="providers-title" title="Sign-in providers" level={3} />
        {loading ? (
          <div className="stack" aria-busy="true">
            <span className="visually-hidden" role="status">
              Loading…
            </span>
            <Skeleton height="3rem" />
            <Skeleton height="3rem" />
          </div>
        ) : failed ? (
          <ErrorState
            error={failed.error}
            title="Your linked accounts didn't load"
            onRetry={() => {
              void providers.refetch();
              void linked.refetch();
            }}
          />
        ) : rows.length === 0 ? (
          <EmptyState
            icon="link"
            headingLevel={3}
            title="No providers on this server"
            description="Signing in with Google, Apple or Facebook isn't set up here yet, so your password is the way in."
          />
        ) : (
          <ul role="list" className="pc-item-list" aria-label="Providers">
            {rows.map((row) => (
              <li key={row.id} className="pc-item">
                <ProviderMark id={row.id} label={row.label} />
                <div className="pc-item__body">
                  <p className="pc-item__title">
                    {row.label}
                    {row.link ? (
                      <Badge tone="success" size="sm" dot>
                        Linked
                      </Badge>
                    ) : null}
                    {!row.enabled ? <Badge size="sm">No longer offered</Badge> : null}
                  </p>
                  <p className="pc-item__meta">
                    {row.link
                      ? `${row.link.email ?? 'Linked'} · since ${formatDate(row.link.createdAt)}`
                      : `Sign in with your ${row.label} account too.`}
                  </p>
                </div>
                <div className="pc-item__actions">
                  {row.link ? (
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={!canUnlink}
                      aria-describedby={!canUnlink ? 'last-way-in' : undefined}
                      onClick={() => setUnlinking(row)}
                    >
                      Unlink
                    </Button>
                  ) : row.startPath ? (
                    <a
                      className={buttonClassName({ variant: 'secondary', size: 'sm' })}
                      href={oauthStartHref(row.startPath, 'link', RETURN_TO)}
                    >
                      Link {row.label}
                    </a>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Alert tone={canUnlink ? 'info' : 'warning'} id="last-way-in" title="You always keep one way in">
        {canUnlink
          ? hasPassword
            ? 'You can unlink any provider: your password still signs you in.'
            : 'You can unlink a provider as long as another one stays linked.'
          : 'This provider is your only way to sign in, so it cannot be unlinked yet. Set a password (Security → Password) or link another provider first.'}
      </Alert>

      <Dialog
        open={unlinking !== null}
        onClose={() => setUnlinking(null)}
        title={`Unlink ${unlinking?.label ?? ''}?`}
        description={`You will no longer be able to sign in with ${unlinking?.label ?? 'it'}. You can link it again at any time.`}
        footer={
          <>
            <Button variant="ghost" onClick={() => setUnlinking(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={unlink.isPending}
              onClick={() => unlinking && unlink.mutate({ provider: unlinking.id })}
            >
              Unlink
            </Button>
          </>
        }
      />
    </SettingsSection>
  );
}
