import {
  appSettingSchemas,
  imageTypeSchema,
  type AppSettingKey,
  type RouterOutputs,
  type UpdateAppSettingInput,
} from '@plastic-crack/api-contract';
import { useEffect, useState, type FormEvent } from 'react';
import {
  Alert,
  Avatar,
  Badge,
  Button,
  Card,
  CardHeader,
  Chip,
  Dialog,
  EmptyState,
  ErrorState,
  Icon,
  PageHeader,
  Skeleton,
  Switch,
  TextField,
  useToast,
} from '../../components/ui/index.ts';
import { useViewer } from '../../features/auth/useViewer.ts';
import { describeError } from '../../lib/errors.ts';
import { formatDate, formatRelative } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import './AdminPage.css';

type SettingRow = RouterOutputs['admin']['settings']['list'][number];
type AdminUser = RouterOutputs['admin']['users']['list']['users'][number];

const MIB = 1024 * 1024;

export function AdminPage() {
  return (
    <div className="container pc-page">
      <title>Admin · Plastic Crack</title>
      <PageHeader
        eyebrow="Administration"
        title="Admin settings"
        description="Settings that apply to everyone, and the accounts on this server. Every change is written to the audit log."
      />
      <div className="pc-admin">
        <AppSettingsCard />
        <UsersCard />
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// App settings

function useSaveSetting() {
  const utils = trpc.useUtils();
  const toast = useToast();
  return trpc.admin.settings.update.useMutation({
    onSuccess: ({ key }) => {
      void utils.admin.settings.list.invalidate();
      toast.show({ tone: 'success', title: `${SETTING_TITLES[key]} saved` });
    },
    onError: (error) =>
      toast.show({
        tone: 'danger',
        title: "Couldn't save the setting",
        description: describeError(error).message,
      }),
  });
}

const SETTING_TITLES: Record<AppSettingKey, string> = {
  maintenance_mode: 'Maintenance mode',
  max_upload_size: 'Largest upload',
  supported_image_types: 'Image types',
};

function AppSettingsCard() {
  const settings = trpc.admin.settings.list.useQuery();
  const byKey = new Map((settings.data ?? []).map((row) => [row.key, row]));
  const maintenance = byKey.get('maintenance_mode');
  const uploadSize = byKey.get('max_upload_size');
  const imageTypes = byKey.get('supported_image_types');

  return (
    <Card as="section" padding="lg" aria-labelledby="app-settings-title">
      <CardHeader
        id="app-settings-title"
        title="App settings"
        description="They take effect on every server within seconds."
      />
      {settings.isPending ? (
        <div className="stack" aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading settings…
          </span>
          <Skeleton height="3.5rem" />
          <Skeleton height="5rem" />
          <Skeleton height="5rem" />
        </div>
      ) : settings.isError ? (
        <ErrorState
          error={settings.error}
          title="The settings didn't load"
          onRetry={() => void settings.refetch()}
          retrying={settings.isFetching}
        />
      ) : (
        <div className="pc-admin-settings">
          {maintenance ? <MaintenanceSetting row={maintenance} /> : null}
          {uploadSize ? <UploadSizeSetting row={uploadSize} /> : null}
          {imageTypes ? <ImageTypesSetting row={imageTypes} /> : null}
        </div>
      )}
    </Card>
  );
}

function SettingMeta({ row }: { row: SettingRow }) {
  const never = new Date(row.updatedAt).getTime() === 0;
  return (
    <p className="pc-admin-setting__meta">
      {never ? 'Default value, never changed' : `Changed ${formatRelative(row.updatedAt)}`}
    </p>
  );
}

function MaintenanceSetting({ row }: { row: SettingRow }) {
  const on = row.value === true;
  const save = useSaveSetting();
  const [confirming, setConfirming] = useState(false);
  const set = (value: boolean) =>
    save.mutate({ key: 'maintenance_mode', value }, { onSuccess: () => setConfirming(false) });

  return (
    <div className="pc-admin-setting">
      {on ? (
        <Alert tone="warning" role="status" icon="wrench" title="Maintenance mode is on">
          Only administrators can change anything. Everyone else can still browse and sign in.
        </Alert>
      ) : null}
      <Switch
        label="Maintenance mode"
        description="Pauses every change except administrators’ while you work on the service. Browsing and signing in keep working."
        checked={on}
        disabled={save.isPending}
        onChange={(value) => (value ? setConfirming(true) : set(false))}
      />
      <SettingMeta row={row} />
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Turn on maintenance mode?"
        description="Until you turn it off, nobody but administrators can save anything: no new models, messages or sign-ups. Reading and signing in keep working."
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button iconStart="wrench" loading={save.isPending} onClick={() => set(true)}>
              Turn it on
            </Button>
          </>
        }
      />
    </div>
  );
}

function UploadSizeSetting({ row }: { row: SettingRow }) {
  const bytes = typeof row.value === 'number' ? row.value : 0;
  const [mib, setMib] = useState(() => String(+(bytes / MIB).toFixed(2)));
  const [error, setError] = useState<string | null>(null);
  const save = useSaveSetting();
  useEffect(() => setMib(String(+(bytes / MIB).toFixed(2))), [bytes]);
  const dirty = Number(mib) * MIB !== bytes;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = Math.round(Number(mib) * MIB);
    const parsed = appSettingSchemas.max_upload_size.safeParse(Number.isFinite(value) ? value : NaN);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter a size in MiB');
      return;
    }
    setError(null);
    save.mutate({ key: 'max_upload_size', value: parsed.data });
  };

  return (
    <form className="pc-admin-setting" onSubmit={onSubmit} noValidate>
      <div className="pc-admin-setting__row">
        <TextField
          label="Largest upload (MiB)"
          type="number"
          inputMode="decimal"
          min={0.01}
          max={50}
          step={0.5}
          value={mib}
          onChange={(event) => {
            setMib(event.target.value);
            setError(null);
          }}
          error={error}
          hint="Photos and avatars bigger than this are refused. Between 1 KiB and 50 MiB."
          className="pc-admin-setting__field"
        />
        <Button type="submit" variant="secondary" disabled={!dirty} loading={save.isPending}>
          Save
        </Button>
      </div>
      <SettingMeta row={row} />
    </form>
  );
}

function ImageTypesSetting({ row }: { row: SettingRow }) {
  const current = Array.isArray(row.value) ? (row.value as string[]) : [];
  const [types, setTypes] = useState<string[]>(current);
  const [error, setError] = useState<string | null>(null);
  const save = useSaveSetting();
  const currentKey = current.join(',');
  useEffect(() => setTypes(currentKey ? currentKey.split(',') : []), [currentKey]);
  const dirty = [...types].sort().join(',') !== [...current].sort().join(',');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = appSettingSchemas.supported_image_types.safeParse(types);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Choose at least one type');
      return;
    }
    setError(null);
    const change: UpdateAppSettingInput = { key: 'supported_image_types', value: parsed.data };
    save.mutate(change);
  };

  return (
    <form className="pc-admin-setting" onSubmit={onSubmit} noValidate>
      <fieldset className="pc-admin-setting__fieldset">
        <legend className="pc-admin-setting__legend">Image types people may upload</legend>
        <p className="muted pc-admin-setting__hint">
          Everything is re-encoded on arrival. Today the image pipeline can read JPEG, PNG and WebP only: GIF,
          AVIF and HEIC can be listed but are still refused.
        </p>
        <div className="pc-admin-setting__chips">
          {imageTypeSchema.options.map((type) => {
            const selected = types.includes(type);
            return (
              <Chip
                key={type}
                selected={selected}
                onClick={() => {
                  setError(null);
                  setTypes((list) => (selected ? list.filter((item) => item !== type) : [...list, type]));
                }}
              >
                {type.toUpperCase()}
              </Chip>
            );
          })}
        </div>
        {error ? (
          <p className="pc-field__error" role="alert">
            <Icon name="alert" size={14} />
            <span>{error}</span>
          </p>
        ) : null}
      </fieldset>
      <div className="pc-admin-setting__row">
        <SettingMeta row={row} />
        <Button type="submit" variant="secondary" disabled={!dirty} loading={save.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Users

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

function UsersCard() {
  const { viewer } = useViewer();
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 300);
  const utils = trpc.useUtils();
  const toast = useToast();
  const [deactivating, setDeactivating] = useState<AdminUser | null>(null);

  const users = trpc.admin.users.list.useInfiniteQuery(
    { search: query || undefined, limit: 20 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: (previous) => previous },
  );

  const onChanged = (user: AdminUser) => {
    void utils.admin.users.list.invalidate();
    toast.show({
      tone: 'success',
      title: user.isActive ? `${user.username} can sign in again` : `${user.username} is deactivated`,
      description: user.isActive ? undefined : 'They were signed out everywhere.',
    });
  };
  const onFailed = (error: unknown) =>
    toast.show({
      tone: 'danger',
      title: "Couldn't change the account",
      description: describeError(error).message,
    });
  const deactivate = trpc.admin.users.deactivate.useMutation({
    onSuccess: (user) => {
      setDeactivating(null);
      onChanged(user);
    },
    onError: onFailed,
  });
  const reactivate = trpc.admin.users.reactivate.useMutation({ onSuccess: onChanged, onError: onFailed });

  const rows = users.data?.pages.flatMap((page) => page.users) ?? [];

  return (
    <Card as="section" padding="lg" aria-labelledby="users-title">
      <CardHeader
        id="users-title"
        title="Users"
        description="Newest accounts first. Deactivating signs the person out everywhere and stops them signing in."
      />
      <div className="pc-admin-users__search">
        <TextField
          label="Search users"
          hideLabel
          type="search"
          placeholder="Search by username or e-mail"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        {users.isFetching && !users.isFetchingNextPage ? (
          <span className="pc-admin-users__busy" role="status">
            Searching…
          </span>
        ) : null}
      </div>

      {users.isPending ? (
        <div className="stack" aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading users…
          </span>
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} height="3.25rem" />
          ))}
        </div>
      ) : users.isError ? (
        <ErrorState
          error={users.error}
          title="The user list didn't load"
          onRetry={() => void users.refetch()}
          retrying={users.isFetching}
        />
      ) : rows.length === 0 ? (
        <EmptyState
          icon="search"
          headingLevel={3}
          title={query ? `No one matches “${query}”` : 'No accounts yet'}
          description={query ? 'Try part of a username or e-mail address.' : undefined}
        />
      ) : (
        <>
          <div className="pc-admin-users__scroll">
            <table className="pc-admin-users">
              <caption className="visually-hidden">Accounts</caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Status</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((user) => {
                  const self = user.id === viewer?.id;
                  return (
                    <tr key={user.id} className={user.isActive ? undefined : 'is-inactive'}>
                      <th scope="row">
                        <span className="pc-admin-users__who">
                          <Avatar name={user.username} size="sm" decorative />
                          <span>
                            <span className="pc-admin-users__name">{user.username}</span>
                            <span className="pc-admin-users__email">{user.email}</span>
                          </span>
                        </span>
                      </th>
                      <td>
                        <span className="pc-admin-users__badges">
                          {user.isActive ? (
                            <Badge tone="success" size="sm" dot>
                              Active
                            </Badge>
                          ) : (
                            <Badge tone="danger" size="sm" dot>
                              Deactivated
                            </Badge>
                          )}
                          {user.isAdmin ? (
                            <Badge tone="brand" size="sm">
                              Admin
                            </Badge>
                          ) : null}
                          {!user.emailVerified ? (
                            <Badge tone="warning" size="sm">
                              Unconfirmed
                            </Badge>
                          ) : null}
                        </span>
                      </td>
                      <td>{formatDate(user.createdAt)}</td>
                      <td>{user.lastLoginAt ? formatRelative(user.lastLoginAt) : 'Never'}</td>
                      <td className="pc-admin-users__action">
                        {self ? (
                          <span className="muted">That's you</span>
                        ) : user.isActive ? (
                          <Button
                            variant="secondary"
                            size="sm"
                            iconStart="user-x"
                            onClick={() => setDeactivating(user)}
                            aria-label={`Deactivate ${user.username}`}
                          >
                            Deactivate
                          </Button>
                        ) : (
                          <Button
                            variant="secondary"
                            size="sm"
                            iconStart="user-check"
                            loading={reactivate.isPending && reactivate.variables.userId === user.id}
                            onClick={() => reactivate.mutate({ userId: user.id })}
                            aria-label={`Reactivate ${user.username}`}
                          >
                            Reactivate
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {users.hasNextPage ? (
            <div className="pc-admin-users__more">
              <Button
                variant="secondary"
                loading={users.isFetchingNextPage}
                onClick={() => void users.fetchNextPage()}
              >
                Show more
              </Button>
            </div>
          ) : null}
        </>
      )}

      <Dialog
        open={deactivating !== null}
        onClose={() => setDeactivating(null)}
        tone="danger"
        title={`Deactivate ${deactivating?.username ?? ''}?`}
        description="They are signed out on every device at once and can't sign in until you reactivate them. Their profile is hidden meanwhile. Nothing is deleted."
        footer={
          <>
            <Button variant="ghost" onClick={() => setDeactivating(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              iconStart="user-x"
              loading={deactivate.isPending}
              onClick={() => deactivating && deactivate.mutate({ userId: deactivating.id })}
            >
              Deactivate
            </Button>
          </>
        }
      />
    </Card>
  );
}
