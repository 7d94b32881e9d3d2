import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
// Type-only: erased at build, so the contract never pulls the API's runtime into a client.
import type { AppRouter } from '../../../apps/api/src/router.ts';

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export * from './schemas/auth.ts';
export * from './schemas/admin.ts';
export * from './schemas/oauth.ts';
export * from './schemas/catalog.ts';
export * from './schemas/profile.ts';
export * from './schemas/chat.ts';
export * from './events.ts';
export * from './schemas/collection.ts';
export * from './schemas/social.ts';
export * from './schemas/feed.ts';
export * from './schemas/notifications.ts';
export * from './schemas/armies.ts';
export * from './schemas/wishlists.ts';
