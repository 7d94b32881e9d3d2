import { Prisma } from '@plastic-crack/db';
import { badInput, type DomainError } from '../errors.ts';

/** The PostgreSQL error behind a Prisma error, when the driver adapter reports one. */
function driverCause(error: unknown): { code?: string; message?: string } | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const cause = (
    error.meta as { driverAdapterError?: { cause?: { code?: string; originalMessage?: string } } }
  )?.driverAdapterError?.cause;
  return cause ? { code: cause.code, message: cause.originalMessage } : null;
}

const FUTURE_DATE_FIELDS: Record<string, { field: string; message: string }> = {
  'user_models.purchase_date': {
    field: 'purchaseDate',
    message: 'The purchase date cannot be in the future',
  },
  'painting_sessions.painted_on': {
    field: 'paintedOn',
    message: 'A painting session cannot be in the future',
  },
};

/**
 * "Not in the future" is the database's rule (the reject_future_date trigger, whose "today" is the
 * latest date anywhere on Earth); its refusal becomes a typed BAD_REQUEST naming the field.
 */
export function futureDateError(error: unknown): DomainError | null {
  const cause = driverCause(error);
  if (cause?.code !== '23514' || !cause.message) return null;
  const match = /^(\w+\.\w+) must not be in the future/.exec(cause.message);
  const known = match ? FUTURE_DATE_FIELDS[match[1]!] : undefined;
  return known ? badInput(known.message, known.field) : null;
}

/** Runs a write; a future-date refusal from the database becomes a typed error (nothing is written). */
export async function mapDateErrors<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw futureDateError(error) ?? error;
  }
}
