import { feedHomeInput, feedOnNewInput, feedUserInput } from '@plastic-crack/api-contract';
import { openSubscription } from '../realtime/subscriptions.ts';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import { homeFeed, newFeedItems, userFeed } from './service.ts';

// The viewer always comes from the session; reads go through THE visibility rule (service.ts).
export const feedRouter = router({
  home: authedProcedure
    .input(feedHomeInput)
    .query(({ ctx, input }) => homeFeed(ctx.services.db, ctx.viewer.userId, input)),
  user: publicProcedure
    .input(feedUserInput)
    .query(({ ctx, input }) => userFeed(ctx.services.db, ctx.viewer?.userId ?? null, input)),
  onNew: authedProcedure
    .input(feedOnNewInput)
    .subscription(({ ctx, input, signal }) =>
      openSubscription(ctx, signal, async () => newFeedItems(ctx.services, ctx.viewer.userId, input, signal)),
    ),
});
