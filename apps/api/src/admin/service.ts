import type { ListUsersInput, UpdateAppSettingInput } from '@plastic-crack/api-contract';
import type { Prisma } from '@plastic-crack/db';
import { recordAudit } from '../audit/service.ts';
import { revokeAllCredentials } from '../auth/revocation.ts';
import type { RequestMeta, Services, Viewer } from '../context.ts';
import { badInput, notFound } from '../errors.ts';

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'>;
type Admin = Pick<Viewer, 'userId'>;

/** Changes one setting; the audit row is written in the same transaction, then every node hears of it. */
export async function updateSetting(
  deps: Pick<Services, 'db' | 'appSettings'>,
  admin: Admin,
  change: UpdateAppSettingInput,
  meta: Meta,
): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const { oldValue, newValue } = await deps.appSettings.write(tx, change);
    await recordAudit(tx, meta, {
      userId: admin.userId,
      action: 'admin.setting_changed',
      tableName: 'app_settings',
      oldValues: { key: change.key, value: oldValue as Prisma.InputJsonValue },
      newValues: { key: change.key, value: newValue as Prisma.InputJsonValue },
    });
  });
  await deps.appSettings.announceChange();
}

export const adminUserSelect = {
  id: true,
  email: true,
  username: true,
  emailVerified: true,
  isActive: true,
  isAdmin: true,
  createdAt: true,
  lastLoginAt: true,
} satisfies Prisma.UserSelect;
export type AdminUserRow = Prisma.UserGetPayload<{ select: typeof adminUserSelect }>;

/** Newest accounts first, a page at a time; `search` matches part of a username or e-mail. */
export async function listUsers(
  deps: Pick<Services, 'db'>,
  input: ListUsersInput,
): Promise<{ users: AdminUserRow[]; nextCursor: string | null }> {
  const where: Prisma.UserWhereInput = input.search
    ? {
        OR: [
          { username: { contains: input.search, mode: 'insensitive' } },
          { email: { contains: input.search, mode: 'insensitive' } },
        ],
      }
    : {};
  const rows = await deps.db.user.findMany({
    where,
    select: adminUserSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const users = rows.slice(0, input.limit);
  return { users, nextCursor: rows.length > input.limit ? users.at(-1)!.id : null };
}

/**
 * Deactivation signs the user out everywhere at once (sessions, refresh tokens, sockets on every
 * node); sign-in then fails for them like a wrong password. Reactivation lets them sign in again.
 */
export async function setUserActive(
  deps: Pick<Services, 'db' | 'sockets'>,
  admin: Admin,
  userId: string,
  active: boolean,
  meta: Meta,
): Promise<AdminUserRow> {
  if (userId === admin.userId && !active) throw badInput('You cannot deactivate your own account', 'userId');
  const user = await deps.db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { isActive: true } });
    if (!before) throw notFound('User');
    const after = await tx.user.update({
      where: { id: userId },
      data: { isActive: active },
      select: adminUserSelect,
    });
    await recordAudit(tx, meta, {
      userId: admin.userId,
      action: active ? 'admin.user_reactivated' : 'admin.user_deactivated',
      tableName: 'users',
      recordId: userId,
      oldValues: { isActive: before.isActive },
      newValues: { isActive: active },
    });
    return after;
  });
  if (!active) await revokeAllCredentials(deps, userId, 'admin_revoked');
  return user;
}
