/** The plain HTTP upload routes (multipart, outside tRPC), with errors in the same words as tRPC's. */

export interface AvatarUpload {
  avatarUrl: string;
  avatarThumbnailUrl: string;
  width: number;
  height: number;
  size: number;
  mime: string;
}

/** What an upload route answers on failure: `{ error: { code, message, field } }`. */
export class UploadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** Sends the picture as `file` in multipart/form-data; the server re-encodes it and makes a thumbnail. */
export async function uploadAvatar(file: File | Blob, fileName = 'avatar'): Promise<AvatarUpload> {
  const body = new FormData();
  body.append('file', file, file instanceof File ? file.name : fileName);
  let response: Response;
  try {
    response = await fetch('/uploads/avatar', { method: 'POST', body, credentials: 'include' });
  } catch {
    throw new UploadError('NETWORK', "Can't reach Plastic Crack. Check your connection and try again.", 0);
  }
  if (response.ok) return (await response.json()) as AvatarUpload;
  let code = 'INTERNAL_SERVER_ERROR';
  let message = 'The upload failed. Please try again.';
  try {
    const payload = (await response.json()) as { error?: { code?: string; message?: string } };
    code = payload.error?.code ?? code;
    message = payload.error?.message ?? message;
  } catch {
    // Not JSON (a proxy's error page): keep the generic words.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new UploadError(
    code,
    message,
    response.status,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}
