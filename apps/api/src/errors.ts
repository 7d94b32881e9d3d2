import { TRPCError } from '@trpc/server';

type DomainErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

/**
 * The one error type domain services throw. Its message is written for the user; everything else
 * (driver errors, bugs) reaches the client only as a generic INTERNAL_SERVER_ERROR.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { retryAfterSeconds?: number; field?: string } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do that') =>
  new DomainError('FORBIDDEN', message);
export const unauthorized = (message = 'Please sign in') => new DomainError('UNAUTHORIZED', message);
export const conflict = (message: string) => new DomainError('CONFLICT', message);
export const badInput = (message: string, field?: string) =>
  new DomainError('BAD_REQUEST', message, field ? { field } : {});
export const tooManyRequests = (retryAfterSeconds: number) =>
  new DomainError('TOO_MANY_REQUESTS', `Too many attempts. Try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });

/** Maps any thrown value to the TRPCError the client sees. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof DomainError)
    return new TRPCError({ code: error.code, message: error.message, cause: error });
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Something went wrong on our side',
    cause: error,
  });
}
