import { publicProcedure, router } from '../trpc/init.ts';
import { checkReadiness } from './service.ts';

export const healthRouter = router({
  status: publicProcedure.query(({ ctx }) => checkReadiness(ctx.services)),
});
