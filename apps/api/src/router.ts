import { authRouter } from './auth/router.ts';
import { healthRouter } from './health/router.ts';
import { router } from './trpc/init.ts';

export const appRouter = router({
  auth: authRouter,
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
