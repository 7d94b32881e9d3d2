import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { DomainError, toTRPCError, unauthorized, forbidden } from '../errors.ts';
import { isAllowedOrigin } from '../http/origin.ts';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zodIssues = cause instanceof z.ZodError ? z.flattenError(cause) : null;
    const retryAfterSeconds = cause instanceof DomainError ? cause.details.retryAfterSeconds : undefined;
    return {
      message: error.code === 'INTERNAL_SERVER_ERROR' ? 'Something went wrong on our side' : shape.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zod: zodIssues,
        retryAfterSeconds: retryAfterSeconds ?? null,
      },
    };
  },
});

/** Domain errors become typed tRPC errors here and nowhere else. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw toTRPCError(result.error.cause);
  return result;
});

/** Browsers always send Origin on cross-site writes; a foreign one is refused before any work. */
const checkOrigin = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.meta.origin && !isAllowedOrigin(ctx.services.env, ctx.meta.origin)) {
    throw forbidden('This origin may not call the API');
  }
  return next();
});

/** Mutations that still work in maintenance mode, so administrators can sign in and turn it off. */
const OPEN_DURING_MAINTENANCE = new Set([
  'auth.signIn',
  'auth.signOut',
  'auth.token.issue',
  'auth.token.refresh',
  'auth.token.revoke',
]);

/** While `maintenance_mode` is on, only administrators change anything. */
const maintenanceGate = t.middleware(async ({ ctx, type, path, next }) => {
  if (type !== 'mutation' || ctx.viewer?.isAdmin || OPEN_DURING_MAINTENANCE.has(path)) return next();
  if ((await ctx.services.appSettings.get()).maintenance_mode) {
    throw new DomainError(
      'SERVICE_UNAVAILABLE',
      'Plastic Crack is down for maintenance. Please try again soon.',
    );
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors).use(checkOrigin).use(maintenanceGate);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer) throw unauthorized();
  return next({ ctx: { ...ctx, viewer: ctx.viewer } });
});

/** For what reaches other people or sends mail; unverified accounts may do the rest (docs/ARCHITECTURE.md, Accounts). */
export const verifiedProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer.emailVerified) throw forbidden('Confirm your e-mail address first');
  return next();
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer.isAdmin) throw forbidden('Administrators only');
  return next();
});
