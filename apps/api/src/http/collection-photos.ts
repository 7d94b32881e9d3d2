import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { addPhoto, assertCanAddPhoto } from '../collection/photos.ts';
import type { Services } from '../context.ts';
import { badInput, notFound } from '../errors.ts';
import { PHOTO_PIPELINE, processImage, uploadLimitsFrom } from '../infra/images.ts';
import type { HttpRoute } from './routes.ts';
import { authoriseUpload, receiveImageUpload, sendUploadError, type ReceivedUpload } from './uploads.ts';

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
    const viewer = await authoriseUpload(services, req);
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
    sendUploadError(services, req, res, error);
  } finally {
    await upload?.cleanup();
  }
}

export const collectionPhotoRoutes: HttpRoute[] = [
  { method: 'POST', path: PATH_PREFIX, handle: uploadCollectionPhoto },
];
