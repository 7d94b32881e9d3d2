import { healthRouter } from './health/router.ts';
import { router } from './trpc/init.ts';

export const appRouter = router({
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
