import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@plastic-crack/api-contract';

export type ApiError = TRPCClientError<AppRouter>;

export type ErrorKind =
  | 'network'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'server'
  | 'unknown';

/** Everything a form, toast or error panel needs to tell the user what went wrong. */
export interface UserFacingError {
  kind: ErrorKind;
  title: string;
  message: string;
  /** First message per input field, ready for a TextField's `error` prop. */
  fieldErrors: Record<string, string>;
  /** Problems with the input as a whole rather than one field. */
  formErrors: string[];
  retryAfterSeconds: number | null;
  /** True when trying the same thing again later may work. */
  retryable: boolean;
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  zod?: { formErrors?: unknown; fieldErrors?: unknown } | null;
  retryAfterSeconds?: number | null;
  /** The input a domain error is about ("username" for "That username is taken"), when the server says. */
  field?: string | null;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

/** The server's error data, or null when the request never got a tRPC answer (offline, proxy error). */
function errorData(error: unknown): ErrorData | null {
  if (!isApiError(error)) return null;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null ? (data as ErrorData) : null;
}

export function httpStatusOf(error: unknown): number | undefined {
  const status = errorData(error)?.httpStatus;
  return typeof status === 'number' ? status : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string' && item.length > 0)
    : [];
}

function firstFieldErrors(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(value)) {
    const first = strings(messages)[0];
    if (first) result[field] = first;
  }
  return result;
}

export function formatRetryAfter(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

const FALLBACK: Record<ErrorKind, { title: string; message: string }> = {
  network: {
    title: "Can't reach Plastic Crack",
    message: 'Check your internet connection. We will keep trying in the background.',
  },
  validation: { title: 'Please check your input', message: 'Some of the details need another look.' },
  unauthorized: { title: 'Please sign in', message: 'Your session has ended. Sign in again to carry on.' },
  forbidden: { title: 'Not allowed', message: "You don't have permission to do that." },
  not_found: { title: 'Not found', message: 'It may have been deleted or moved.' },
  conflict: { title: 'That clashes with something', message: 'Someone may have changed it in the meantime.' },
  too_large: { title: 'Too large', message: 'That is more than we can accept in one go.' },
  rate_limited: { title: 'Slow down a little', message: 'Too many attempts. Please wait a moment.' },
  unavailable: {
    title: 'Temporarily unavailable',
    message: 'Part of the service is down. Please try again shortly.',
  },
  server: { title: 'Something went wrong on our side', message: 'It is not your fault. Please try again.' },
  unknown: { title: 'Something went wrong', message: 'Please try again.' },
};

function kindOf(code: string | undefined, status: number | undefined): ErrorKind {
  switch (code) {
    case 'BAD_REQUEST':
    case 'PARSE_ERROR':
    case 'UNPROCESSABLE_CONTENT':
      return 'validation';
    case 'UNAUTHORIZED':
      return 'unauthorized';
    case 'FORBIDDEN':
      return 'forbidden';
    case 'NOT_FOUND':
      return 'not_found';
    case 'CONFLICT':
      return 'conflict';
    case 'PAYLOAD_TOO_LARGE':
      return 'too_large';
    case 'TOO_MANY_REQUESTS':
      return 'rate_limited';
    case 'SERVICE_UNAVAILABLE':
    case 'GATEWAY_TIMEOUT':
    case 'BAD_GATEWAY':
      return 'unavailable';
    case 'INTERNAL_SERVER_ERROR':
      return 'server';
  }
  if (status !== undefined && status >= 500) return 'server';
  return 'unknown';
}

/**
 * Turns anything a tRPC call can throw into words for the user. The server writes its messages
 * for people (domain errors) and hides internals, so its message is shown when there is one,
 * except for input validation, whose raw message is machine-oriented.
 */
export function describeError(error: unknown): UserFacingError {
  const data = errorData(error);
  if (!data) {
    const kind: ErrorKind = isApiError(error) || error instanceof TypeError ? 'network' : 'unknown';
    return {
      kind,
      ...FALLBACK[kind],
      fieldErrors: {},
      formErrors: [],
      retryAfterSeconds: null,
      retryable: true,
    };
  }

  const kind = kindOf(data.code, data.httpStatus);
  const fieldErrors = firstFieldErrors(data.zod?.fieldErrors);
  const serverField = typeof data.field === 'string' && data.field ? data.field : null;
  const formErrors = strings(data.zod?.formErrors);
  const retryAfterSeconds =
    typeof data.retryAfterSeconds === 'number' && data.retryAfterSeconds > 0 ? data.retryAfterSeconds : null;
  const serverMessage = isApiError(error) ? error.message.trim() : '';

  let message: string;
  if (data.zod) {
    message =
      formErrors[0] ??
      (Object.keys(fieldErrors).length > 0
        ? 'Please fix the highlighted fields.'
        : FALLBACK.validation.message);
  } else if (kind === 'rate_limited' && retryAfterSeconds !== null) {
    message = `Too many attempts. Try again in ${formatRetryAfter(retryAfterSeconds)}.`;
  } else {
    message = serverMessage || FALLBACK[kind].message;
    // A domain error about one input ("That username is taken") belongs next to that input.
    if (serverField && serverMessage) fieldErrors[serverField] = serverMessage;
  }

  return {
    kind,
    title: FALLBACK[kind].title,
    message,
    fieldErrors,
    formErrors,
    retryAfterSeconds,
    retryable: kind === 'network' || kind === 'server' || kind === 'unavailable' || kind === 'rate_limited',
  };
}

/** One sentence for a toast or inline notice. */
export function errorMessage(error: unknown): string {
  return describeError(error).message;
}
