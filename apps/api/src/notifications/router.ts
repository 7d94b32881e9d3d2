import {
  listNotificationsInput,
  notificationEventsInput,
  notificationIdInput,
} from '@plastic-crack/api-contract';
import { openSubscription } from '../realtime/subscriptions.ts';
import { authedProcedure, router } from '../trpc/init.ts';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationEvents,
  unreadCount,
} from './service.ts';

// Every procedure reads or changes the viewer's own notifications only: the user id comes from the
// session, never from the input.
export const notificationsRouter = router({
  list: authedProcedure
    .input(listNotificationsInput)
    .query(({ ctx, input }) => listNotifications(ctx.services.db, ctx.viewer.userId, input)),
  unreadCount: authedProcedure.query(({ ctx }) => unreadCount(ctx.services.db, ctx.viewer.userId)),
  markRead: authedProcedure
    .input(notificationIdInput)
    .mutation(({ ctx, input }) =>
      markNotificationRead(ctx.services, ctx.viewer.userId, input.notificationId),
    ),
  markAllRead: authedProcedure.mutation(({ ctx }) =>
    markAllNotificationsRead(ctx.services, ctx.viewer.userId),
  ),

  onEvent: authedProcedure
    .input(notificationEventsInput)
    .subscription(({ ctx, input, signal }) =>
      openSubscription(ctx, signal, async () =>
        notificationEvents(ctx.services, ctx.viewer.userId, input, signal),
      ),
    ),
});
