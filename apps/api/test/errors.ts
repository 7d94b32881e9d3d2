import { TRPCClientError } from '@trpc/client';
import { expect } from 'vitest';
import type { AppRouter } from '../src/router.ts';

/** Asserts that a call fails with the given tRPC error code and returns the error for more checks. */
export async function expectTrpcError(
  promise: Promise<unknown>,
  code: string,
): Promise<TRPCClientError<AppRouter>> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  expect((error as TRPCClientError<AppRouter>).data?.code).toBe(code);
  return error as TRPCClientError<AppRouter>;
}
