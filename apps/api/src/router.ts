import { adminRouter } from './admin/router.ts';
import { armiesRouter } from './armies/router.ts';
import { authRouter } from './auth/router.ts';
import { catalogRouter } from './catalog/router.ts';
import { chatRouter } from './chat/router.ts';
import { collectionRouter } from './collection/router.ts';
import { customFieldsRouter } from './custom-fields/router.ts';
import { feedRouter } from './feed/router.ts';
import { accountRouter } from './account/router.ts';
import { healthRouter } from './health/router.ts';
import { notificationsRouter } from './notifications/router.ts';
import { profileRouter } from './profiles/router.ts';
import { socialRouter } from './social/router.ts';
import { wishlistsRouter } from './wishlists/router.ts';
import { router } from './trpc/init.ts';

export const appRouter = router({
  admin: adminRouter,
  armies: armiesRouter,
  auth: authRouter,
  catalog: catalogRouter,
  chat: chatRouter,
  collection: collectionRouter,
  customFields: customFieldsRouter,
  feed: feedRouter,
  health: healthRouter,
  notifications: notificationsRouter,
  profile: profileRouter,
  account: accountRouter,
  social: socialRouter,
  wishlists: wishlistsRouter,
});

export type AppRouter = typeof appRouter;
