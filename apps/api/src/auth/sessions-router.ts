import {
  deviceInfoSchema,
  deviceIdInput,
  revokeSessionInput,
  setDevicePushInput,
} from '@plastic-crack/api-contract';
import type { Context } from '../context.ts';
import { authedProcedure, router } from '../trpc/init.ts';
import { appendSetCookie, clearedSessionCookie } from './cookies.ts';
import { listDevices, registerDevice, removeDevice, setDevicePush } from './devices.ts';
import { listSignIns, revokeAllSignIns, revokeSignIn } from './session-management.ts';
import { deviceOutput, signInOutput } from './shape.ts';

function clearCookie(ctx: Context): void {
  if (ctx.res) appendSetCookie(ctx.res, clearedSessionCookie(ctx.services.env.NODE_ENV === 'production'));
}

/** auth.sessions.*: where the caller is signed in, and ending those sign-ins. */
export const sessionsRouter = router({
  list: authedProcedure.query(async ({ ctx }) =>
    (await listSignIns(ctx.services, ctx.viewer)).map(signInOutput),
  ),

  /** Ends one session or app sign-in; its sockets close at once on every node. */
  revoke: authedProcedure.input(revokeSessionInput).mutation(async ({ ctx, input }) => {
    const { revokedCurrent } = await revokeSignIn(ctx.services, ctx.viewer, input.id, ctx.meta);
    if (revokedCurrent) clearCookie(ctx);
    return { revoked: true, revokedCurrent };
  }),

  revokeOthers: authedProcedure.mutation(async ({ ctx }) => {
    await revokeAllSignIns(ctx.services, ctx.viewer, true, ctx.meta);
    return { revoked: true };
  }),

  revokeAll: authedProcedure.mutation(async ({ ctx }) => {
    await revokeAllSignIns(ctx.services, ctx.viewer, false, ctx.meta);
    clearCookie(ctx);
    return { revoked: true };
  }),
});

/** auth.devices.*: the caller's phones, tablets and browsers, and their push settings. */
export const devicesRouter = router({
  list: authedProcedure.query(async ({ ctx }) =>
    (await listDevices(ctx.services.db, ctx.viewer)).map(deviceOutput),
  ),

  /** Registers (or updates) the device the current session runs on. */
  register: authedProcedure
    .input(deviceInfoSchema)
    .mutation(async ({ ctx, input }) =>
      deviceOutput(await registerDevice(ctx.services.db, ctx.viewer, input)),
    ),

  setPush: authedProcedure
    .input(setDevicePushInput)
    .mutation(async ({ ctx, input }) =>
      deviceOutput(await setDevicePush(ctx.services.db, ctx.viewer, input.id, input.pushEnabled)),
    ),

  /** Forgets a device and signs it out. */
  remove: authedProcedure.input(deviceIdInput).mutation(async ({ ctx, input }) => {
    await removeDevice(ctx.services, ctx.viewer, input.id, ctx.meta);
    return { removed: true };
  }),
});
