import { listUsersInput, updateAppSettingInput, userIdInput } from '@plastic-crack/api-contract';
import { adminProcedure, router } from '../trpc/init.ts';
import { listUsers, setUserActive, updateSetting, type AdminUserRow } from './service.ts';

const userOutput = (user: AdminUserRow) => ({
  ...user,
  createdAt: user.createdAt.toISOString(),
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
});

/** admin.*: administrators only (is_admin); every change is audited. */
export const adminRouter = router({
  settings: router({
    list: adminProcedure.query(async ({ ctx }) =>
      (await ctx.services.appSettings.list()).map((row) => ({
        ...row,
        updatedAt: row.updatedAt.toISOString(),
      })),
    ),
    update: adminProcedure.input(updateAppSettingInput).mutation(async ({ ctx, input }) => {
      await updateSetting(ctx.services, ctx.viewer, input, ctx.meta);
      return { key: input.key, value: input.value };
    }),
  }),

  users: router({
    list: adminProcedure.input(listUsersInput).query(async ({ ctx, input }) => {
      const page = await listUsers(ctx.services, input);
      return { users: page.users.map(userOutput), nextCursor: page.nextCursor };
    }),
    deactivate: adminProcedure
      .input(userIdInput)
      .mutation(async ({ ctx, input }) =>
        userOutput(await setUserActive(ctx.services, ctx.viewer, input.userId, false, ctx.meta)),
      ),
    reactivate: adminProcedure
      .input(userIdInput)
      .mutation(async ({ ctx, input }) =>
        userOutput(await setUserActive(ctx.services, ctx.viewer, input.userId, true, ctx.meta)),
      ),
  }),
});
