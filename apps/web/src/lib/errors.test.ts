import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeError, errorMessage, formatRetryAfter, httpStatusOf } from './errors.ts';
import { shouldRetry } from './trpc.ts';

/** A client error as the server's errorFormatter shapes it. */
function apiError(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { message, code: -32600, data } });
}

const base = { path: 'test.procedure', zod: null, retryAfterSeconds: null };

describe('describeError', () => {
  it('reads zod field errors and hides the raw validation message', () => {
    const error = apiError('[{"code":"too_small"…}]', {
      ...base,
      code: 'BAD_REQUEST',
      httpStatus: 400,
      zod: {
        formErrors: [],
        fieldErrors: { email: ['Enter a valid e-mail address', 'second'], username: [] },
      },
    });
    const described = describeError(error);
    expect(described.kind).toBe('validation');
    expect(described.fieldErrors).toEqual({ email: 'Enter a valid e-mail address' });
    expect(described.message).toBe('Please fix the highlighted fields.');
    expect(described.retryable).toBe(false);
  });

  it('prefers a form-level zod message', () => {
    const error = apiError('raw', {
      ...base,
      code: 'BAD_REQUEST',
      httpStatus: 400,
      zod: { formErrors: ['Passwords do not match'], fieldErrors: {} },
    });
    expect(errorMessage(error)).toBe('Passwords do not match');
  });

  it('says when to try again after a rate limit', () => {
    const error = apiError('Too many attempts. Try again in 90 s.', {
      ...base,
      code: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
      retryAfterSeconds: 90,
    });
    const described = describeError(error);
    expect(described.kind).toBe('rate_limited');
    expect(described.retryAfterSeconds).toBe(90);
    expect(described.message).toBe('Too many attempts. Try again in 2 minutes.');
  });

  it("shows the server's own message for domain errors", () => {
    const error = apiError('That username is taken', { ...base, code: 'CONFLICT', httpStatus: 409 });
    expect(describeError(error)).toMatchObject({ kind: 'conflict', message: 'That username is taken' });
  });

  it('puts a domain error next to its field when the server names one', () => {
    const error = apiError('That username is taken', {
      ...base,
      code: 'CONFLICT',
      httpStatus: 409,
      field: 'username',
    });
    expect(describeError(error)).toMatchObject({
      kind: 'conflict',
      message: 'That username is taken',
      fieldErrors: { username: 'That username is taken' },
    });
  });

  it('treats a call that never got a tRPC answer as a network problem', () => {
    const error = TRPCClientError.from(new TypeError('Failed to fetch'));
    const described = describeError(error);
    expect(described.kind).toBe('network');
    expect(described.retryable).toBe(true);
    expect(httpStatusOf(error)).toBeUndefined();
  });

  it('copes with things that are not tRPC errors', () => {
    expect(describeError(new Error('boom')).kind).toBe('unknown');
    expect(describeError('a string').title).toBe('Something went wrong');
  });
});

describe('shouldRetry', () => {
  const serverError = apiError('Something went wrong on our side', {
    ...base,
    code: 'INTERNAL_SERVER_ERROR',
    httpStatus: 500,
  });
  const notFound = apiError('Army not found', { ...base, code: 'NOT_FOUND', httpStatus: 404 });
  const offline = TRPCClientError.from(new TypeError('Failed to fetch'));

  it('retries network errors and 5xx a few times, never 4xx', () => {
    expect(shouldRetry(0, serverError)).toBe(true);
    expect(shouldRetry(0, offline)).toBe(true);
    expect(shouldRetry(3, offline)).toBe(false);
    expect(shouldRetry(0, notFound)).toBe(false);
  });
});

describe('formatRetryAfter', () => {
  it('rounds up to whole seconds, then minutes', () => {
    expect(formatRetryAfter(0.2)).toBe('1 s');
    expect(formatRetryAfter(42)).toBe('42 s');
    expect(formatRetryAfter(60)).toBe('1 minute');
    expect(formatRetryAfter(61)).toBe('2 minutes');
  });
});
