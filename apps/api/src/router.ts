import { authRouter } from './auth/router.ts';
import { catalogRouter } from './catalog/router.ts';
import { healthRouter } from './health/router.ts';
import { router } from './trpc/init.ts';

export const appRouter = router({
  auth: authRouter,
  catalog: catalogRouter,
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
