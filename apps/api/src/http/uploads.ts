import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { authenticate, presentedToken } from '../auth/viewer.ts';
import type { Services, Viewer } from '../context.ts';
import { badInput, DomainError, forbidden, unauthorized } from '../errors.ts';
import { AVATAR_PIPELINE, processImage, uploadLimitsFrom } from '../infra/images.ts';
import { isStorageKey, UPLOADS_PATH } from '../infra/storage.ts';
import { setAvatar } from '../profiles/service.ts';
import { isAllowedOrigin } from './origin.ts';
import type { HttpRoute } from './routes.ts';

/** Room for the multipart boundaries and part headers around the one file. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

export interface ReceivedUpload {
  /** A temp file holding exactly the uploaded bytes; removed by `cleanup`. */
  path: string;
  bytes: number;
  /** As the client named and typed it: informational only, never trusted. */
  clientFileName: string | null;
  clientMimeType: string;
  cleanup(): Promise<void>;
}

const tooLarge = (maxBytes: number) =>
  new DomainError('PAYLOAD_TOO_LARGE', `That file is larger than ${formatBytes(maxBytes)}`, {
    field: 'file',
  });

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;

/**
 * Streams the one file of a multipart/form-data request (field `file`) to a temp file, never holding
 * it whole in memory, and stops reading the moment it passes `maxBytes` (PAYLOAD_TOO_LARGE). Any
 * upload route (avatars, collection photos) starts here, then hands the path to the image pipeline.
 */
export async function receiveImageUpload(
  req: IncomingMessage,
  limits: { maxBytes: number; fieldName?: string },
): Promise<ReceivedUpload> {
  const fieldName = limits.fieldName ?? 'file';
  if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '')) {
    throw badInput(`Send the image as multipart/form-data in a field named "${fieldName}"`, fieldName);
  }
  // An honest Content-Length that is already too big is refused before a byte is read.
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes + MULTIPART_OVERHEAD_BYTES) {
    throw tooLarge(limits.maxBytes);
  }

  const dir = await mkdtemp(path.join(tmpdir(), 'pc-upload-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, 'upload');
  try {
    const received = await new Promise<Omit<ReceivedUpload, 'path' | 'cleanup'>>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          limits: {
            files: 1,
            fileSize: limits.maxBytes,
            fields: 10,
            fieldSize: 1024,
            parts: 12,
            headerPairs: 20,
          },
        });
      } catch {
        reject(badInput('The upload is not valid multipart/form-data', fieldName));
        return;
      }
      let settled = false;
      let written: Promise<Omit<ReceivedUpload, 'path' | 'cleanup'>> | null = null;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        // Stop feeding the parser at once; destroy it on the next turn, outside its own callbacks
        // (busboy touches its file stream after emitting 'limit'). The caller answers and closes.
        req.unpipe(parser);
        setImmediate(() => parser.destroy());
        reject(error);
      };

      parser.on('file', (name, stream, info) => {
        if (name !== fieldName || written) {
          stream.resume();
          return;
        }
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        stream.on('limit', () => fail(tooLarge(limits.maxBytes)));
        written = pipeline(stream, createWriteStream(file, { flags: 'wx' })).then(() => ({
          bytes,
          clientFileName: info.filename ?? null,
          clientMimeType: info.mimeType,
        }));
        written.catch(fail);
      });
      parser.on('partsLimit', () => fail(badInput('Too many parts in the upload', fieldName)));
      parser.on('fieldsLimit', () => fail(badInput('Too many fields in the upload', fieldName)));
      parser.on('error', () => fail(badInput('The upload is not valid multipart/form-data', fieldName)));
      parser.on('close', () => {
        if (settled) return;
        if (!written)
          return fail(badInput(`No file found: send it in a field named "${fieldName}"`, fieldName));
        written.then((result) => {
          if (settled) return;
          if (result.bytes === 0) return fail(badInput('The file is empty', fieldName));
          settled = true;
          resolve(result);
        }, fail);
      });
      req.on('aborted', () => fail(new Error('The client aborted the upload')));
      req.on('error', fail);
      req.pipe(parser);
    });
    return { ...received, path: file, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

const HTTP_STATUS: Record<DomainError['code'], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * Answers an upload route's error as JSON shaped like a tRPC error's essentials. When the request
 * body was not read to the end, the connection is closed rather than draining the rest of it.
 */
export function sendUploadError(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
): void {
  const domain = error instanceof DomainError ? error : null;
  if (!domain) services.logger.error({ err: error }, 'upload failed');
  const status = domain ? HTTP_STATUS[domain.code] : 500;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  if (!req.complete) headers.connection = 'close';
  if (domain?.details.retryAfterSeconds) headers['retry-after'] = String(domain.details.retryAfterSeconds);
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, headers);
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

/**
 * An upload is a mutation: the same origin check, session (cookie or bearer) and maintenance gate
 * as tRPC mutations (trpc/init.ts).
 */
export async function authoriseUpload(services: Services, req: IncomingMessage): Promise<Viewer> {
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

async function uploadAvatar(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let upload: ReceivedUpload | null = null;
  try {
    const viewer = await authoriseUpload(services, req);
    const limits = uploadLimitsFrom(await services.appSettings.get());
    upload = await receiveImageUpload(req, { maxBytes: limits.maxBytes });
    const processed = await processImage(upload.path, AVATAR_PIPELINE, limits.allowedKinds);
    const avatar = await setAvatar(services.db, services.storage, viewer.userId, processed);
    res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(avatar));
  } catch (error) {
    sendUploadError(services, req, res, error);
  } finally {
    await upload?.cleanup();
  }
}

/** Serves a stored upload. Keys are random and never reused, so a year of caching is safe. */
async function serveUpload(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const key = new URL(req.url ?? '/', 'http://local').pathname.slice(UPLOADS_PATH.length);
  const stored = isStorageKey(key) ? await services.storage.get(key) : null;
  if (!stored) {
    res.writeHead(404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: 'Not found' }));
    return;
  }
  const headers: Record<string, string> = {
    'content-type': stored.contentType,
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // Opened directly, an upload is a picture and nothing more: no scripts, no frames.
    'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
    'content-disposition': 'inline',
  };
  if (stored.size !== null) headers['content-length'] = String(stored.size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    stored.body.destroy();
    res.end();
    return;
  }
  try {
    await pipeline(stored.body, res);
  } catch (error) {
    // A viewer who navigates away mid-download is not a server error.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}

export const uploadRoutes: HttpRoute[] = [
  { method: 'POST', path: '/uploads/avatar', handle: uploadAvatar },
  { method: 'GET', path: UPLOADS_PATH, handle: serveUpload },
];
