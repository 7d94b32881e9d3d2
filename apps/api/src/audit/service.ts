import type { Prisma } from '@plastic-crack/db';
import type { RequestMeta } from '../context.ts';
import { hashToken } from '../auth/tokens.ts';

/** The security-relevant actions the audit log records. */
export type AuditAction =
  | 'auth.sign_up'
  | 'auth.sign_in'
  | 'auth.sign_in_failed'
  | 'auth.sign_out'
  | 'auth.session_revoked'
  | 'auth.sessions_revoked'
  | 'auth.password_changed'
  | 'auth.password_reset'
  | 'auth.refresh_token_reuse'
  | 'auth.email_verified'
  | 'auth.device_removed'
  | 'auth.oauth_linked'
  | 'auth.oauth_unlinked'
  | 'admin.setting_changed'
  | 'admin.user_deactivated'
  | 'admin.user_reactivated';

export interface AuditEntry {
  /** Who the action concerns (the actor, or the account an admin changed); null when unknown. */
  userId: string | null;
  action: AuditAction;
  tableName?: string;
  /** A UUID primary key; other identifiers go in the values. */
  recordId?: string;
  oldValues?: Prisma.InputJsonValue;
  newValues?: Prisma.InputJsonValue;
}

/** The Prisma client or a transaction: admin changes record their audit row in the same transaction. */
export type AuditWriter = Pick<Prisma.TransactionClient, 'auditLog'>;

/** Writes one audit row with the caller's IP and user agent. Never put a password or token in it. */
export async function recordAudit(
  db: AuditWriter,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
  entry: AuditEntry,
): Promise<void> {
  await db.auditLog.create({
    data: {
      userId: entry.userId,
      action: entry.action,
      tableName: entry.tableName ?? null,
      recordId: entry.recordId ?? null,
      oldValues: entry.oldValues,
      newValues: entry.newValues,
      ipAddress: meta.ip,
      userAgent: meta.userAgent,
    },
  });
}

/** A failed sign-in keeps what was typed only as a digest: enough to correlate, useless to read. */
export function identifierDigest(identifier: string): string {
  return hashToken(identifier.trim().toLowerCase());
}
