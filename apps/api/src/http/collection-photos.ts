import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { authenticate, presentedToken } from '../auth/viewer.ts';
import { addPhoto, assertCanAddPhoto } from '../collection/photos.ts';
import type { Services, Viewer } from '../context.ts';
import { badInput, DomainError, forbidden, notFound, unauthorized } from '../errors.ts';
import { PHOTO_PIPELINE, processImage, uploadLimitsFrom } from '../infra/images.ts';
import { isAllowedOrigin } from './origin.ts';
import type { HttpRoute } from './routes.ts';
import { receiveImageUpload, type ReceivedUpload } from './uploads.ts';

/**
 * POST /uploads/collection/:userModelId/photos — one photo (multipart field `file`) for one of the
 * viewer's items. Everything an upload needs is checked before the body is read (origin, session,
 * maintenance, ownership, the 10-photo limit); then the shared pipeline takes over: size and types
 * from app_settings, content sniffed, re-encoded without metadata, thumbnail and dimensions stored.
 * Answers 201 with the photo, or `{ error: { code, message, field } }` with the matching status.
 */

const PATH_PREFIX = '/uploads/collection/';
const PATH_PATTERN = /^\/uploads\/collection\/([^/]+)\/photos$/;
const userModelIdSchema = z.uuid();

const STATUS: Record<DomainError['code'], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** Same gates as a tRPC mutation: origin, session (cookie or bearer), maintenance mode. */
async function authorise(services: Services, req: IncomingMessage): Promise<Viewer> {
  const origin = req.headers.origin;
  if (origin && !isAllowedOrigin(services.env, origin)) throw forbidden('This origin may not call the API');
  const session = await authenticate(services.db, presentedToken(req));
  if (!session) throw unauthorized();
  if (!session.viewer.isAdmin && (await services.appSettings.get()).maintenance_mode) {
    throw new DomainError(
      'SERVICE_UNAVAILABLE',
      'Plastic Crack is down for maintenance. Please try again soon.',
    );
  }
  return session.viewer;
}

function sendError(services: Services, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const domain = error instanceof DomainError ? error : null;
  if (!domain) services.logger.error({ err: error }, 'collection photo upload failed');
  if (res.headersSent) return void res.destroy();
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  // A body not read to the end is not drained: the connection is closed instead.
  if (!req.complete) headers.connection = 'close';
  res.writeHead(domain ? STATUS[domain.code] : 500, headers);
  res.end(
    JSON.stringify({
      error: {
        code: domain?.code ?? 'INTERNAL_SERVER_ERROR',
        message: domain?.message ?? 'Something went wrong on our side',
        field: domain?.details.field ?? null,
      },
    }),
  );
}

async function uploadCollectionPhoto(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let upload: ReceivedUpload | null = null;
  try {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    const match = PATH_PATTERN.exec(pathname);
    if (!match) throw notFound('Upload route');
    const viewer = await authorise(services, req);
    const userModelId = userModelIdSchema.safeParse(match[1]);
    if (!userModelId.success) throw badInput('Not a valid collection item id', 'userModelId');
    await assertCanAddPhoto(services.db, viewer.userId, userModelId.data);

    const limits = uploadLimitsFrom(await services.appSettings.get());
    upload = await receiveImageUpload(req, { maxBytes: limits.maxBytes });
    const processed = await processImage(upload.path, PHOTO_PIPELINE, limits.allowedKinds);
    const photo = await addPhoto(
      services.db,
      services.storage,
      services.logger,
      viewer.userId,
      userModelId.data,
      processed,
    );
    res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(photo));
  } catch (error) {
    sendError(services, req, res, error);
  } finally {
    await upload?.cleanup();
  }
}

export const collectionPhotoRoutes: HttpRoute[] = [
  { method: 'POST', path: PATH_PREFIX, handle: uploadCollectionPhoto },
];
