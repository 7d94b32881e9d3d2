import type { RouterOutputs } from '@plastic-crack/api-contract';
import { UploadError } from '../../lib/uploads.ts';

export type Photo = RouterOutputs['collection']['photos']['list'][number];

/** POST /uploads/collection/:id/photos with the picture as multipart `file`; the server makes the thumbnail. */
export async function uploadCollectionPhoto(userModelId: string, file: File): Promise<Photo> {
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/uploads/collection/${encodeURIComponent(userModelId)}/photos`, {
      method: 'POST',
      body,
      credentials: 'include',
    });
  } catch {
    throw new UploadError('NETWORK', "Can't reach Plastic Crack. Check your connection and try again.", 0);
  }
  if (response.ok) return (await response.json()) as Photo;
  let code = 'INTERNAL_SERVER_ERROR';
  let message = 'The upload failed. Please try again.';
  try {
    const payload = (await response.json()) as { error?: { code?: string; message?: string } };
    code = payload.error?.code ?? code;
    message = payload.error?.message ?? message;
  } catch {
    // Not JSON: keep the generic words.
  }
  throw new UploadError(code, message, response.status);
}
