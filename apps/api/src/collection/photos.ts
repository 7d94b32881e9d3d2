import { COLLECTION_LIMITS } from '@plastic-crack/api-contract';
import type { Db, Prisma } from '@plastic-crack/db';
import { badInput, conflict, DomainError, notFound } from '../errors.ts';
import type { ProcessedUpload } from '../infra/images.ts';
import { newImageKeys, type Storage } from '../infra/storage.ts';
import type { Logger } from '../logger.ts';
import { requireOwnedModel, requireVisibleModel } from './access.ts';
import { PHOTO_ORDER, photoSelect, shapePhoto, type PhotoView } from './shape.ts';

/**
 * Photos of collection items. The files go through the shared image pipeline (infra/images.ts) and
 * storage (infra/storage.ts); rows live in model_photos. At most 10 per item: the count is taken
 * inside the insert's transaction under a row lock on the item, so parallel uploads cannot pass it.
 * Files are removed from storage after the rows that point at them are gone (a failed removal leaves
 * an orphan file, never a row pointing at nothing).
 */

const fullMessage = () =>
  `An item can have at most ${COLLECTION_LIMITS.photosPerItem} photos; delete one to add another`;

/** Checked before the body is read, so nobody's upload is processed for an item they cannot add to. */
export async function assertCanAddPhoto(db: Db, viewerId: string, userModelId: string): Promise<void> {
  await requireOwnedModel(db, viewerId, userModelId);
  const count = await db.modelPhoto.count({ where: { userModelId } });
  if (count >= COLLECTION_LIMITS.photosPerItem) throw conflict(fullMessage());
}

export async function addPhoto(
  db: Db,
  storage: Storage,
  logger: Logger,
  viewerId: string,
  userModelId: string,
  upload: ProcessedUpload,
): Promise<PhotoView> {
  const keys = newImageKeys('photos', upload.image.extension);
  await storage.put(keys.key, upload.image.buffer, upload.image.mime);
  await storage.put(keys.thumbnailKey, upload.thumbnail.buffer, upload.thumbnail.mime);
  try {
    return await db.$transaction(async (tx) => {
      await requireOwnedModel(tx, viewerId, userModelId, { lock: true });
      const existing = await tx.modelPhoto.aggregate({
        where: { userModelId },
        _count: { _all: true },
        _max: { sortOrder: true },
      });
      if (existing._count._all >= COLLECTION_LIMITS.photosPerItem) throw conflict(fullMessage());
      const photo = await tx.modelPhoto.create({
        data: {
          userModelId,
          storageKey: keys.key,
          thumbnailStorageKey: keys.thumbnailKey,
          mimeType: upload.image.mime,
          url: storage.url(keys.key),
          thumbnailUrl: storage.url(keys.thumbnailKey),
          fileSize: upload.image.size,
          width: upload.image.width,
          height: upload.image.height,
          sortOrder: (existing._max.sortOrder ?? -1) + 1,
        },
        select: photoSelect,
      });
      return shapePhoto(photo);
    });
  } catch (error) {
    await removeStoredFiles(storage, logger, [keys.key, keys.thumbnailKey]);
    throw error;
  }
}

/** Removes files whose rows are gone; a storage failure is logged, not thrown (the row is already gone). */
export async function removeStoredFiles(storage: Storage, logger: Logger, keys: string[]): Promise<void> {
  await Promise.all(
    keys.map((key) =>
      storage
        .delete(key)
        .catch((error: unknown) => logger.error({ err: error, key }, 'could not delete a stored photo')),
    ),
  );
}

/** The photo's item, checked to be the viewer's and locked; NOT_FOUND for anyone else's photo. */
async function ownedPhoto(tx: Prisma.TransactionClient, viewerId: string, id: string) {
  const photo = await tx.modelPhoto.findUnique({
    where: { id },
    select: { id: true, userModelId: true, storageKey: true, thumbnailStorageKey: true },
  });
  if (!photo) throw notFound('Photo');
  await requireOwnedModel(tx, viewerId, photo.userModelId, { lock: true }).catch((error: unknown) => {
    throw error instanceof DomainError && error.code === 'NOT_FOUND' ? notFound('Photo') : error;
  });
  return photo;
}

/** An item's photos in display order, for whoever may read the item. */
export async function listPhotos(db: Db, viewerId: string | null, userModelId: string): Promise<PhotoView[]> {
  const item = await requireVisibleModel(db, viewerId, userModelId, {
    photos: { select: photoSelect, orderBy: PHOTO_ORDER },
  });
  return item.photos.map(shapePhoto);
}

export async function setCaption(
  db: Db,
  viewerId: string,
  id: string,
  caption: string | null,
): Promise<PhotoView> {
  return db.$transaction(async (tx) => {
    await ownedPhoto(tx, viewerId, id);
    return shapePhoto(await tx.modelPhoto.update({ where: { id }, data: { caption }, select: photoSelect }));
  });
}

/** `photoIds` must list every photo of the item exactly once; they are numbered 0, 1, 2… in that order. */
export async function reorderPhotos(
  db: Db,
  viewerId: string,
  userModelId: string,
  photoIds: string[],
): Promise<PhotoView[]> {
  return db.$transaction(async (tx) => {
    await requireOwnedModel(tx, viewerId, userModelId, { lock: true });
    const current = await tx.modelPhoto.findMany({ where: { userModelId }, select: { id: true } });
    const wanted = photoIds.map((id) => id.toLowerCase());
    const known = new Set(current.map((photo) => photo.id));
    if (wanted.length !== known.size || !wanted.every((id) => known.has(id))) {
      throw badInput("List every one of the item's photos exactly once, in the new order", 'photoIds');
    }
    for (const [index, id] of wanted.entries()) {
      await tx.modelPhoto.update({ where: { id }, data: { sortOrder: index } });
    }
    const photos = await tx.modelPhoto.findMany({
      where: { userModelId },
      select: photoSelect,
      orderBy: PHOTO_ORDER,
    });
    return photos.map(shapePhoto);
  });
}

export async function deletePhoto(
  db: Db,
  storage: Storage,
  logger: Logger,
  viewerId: string,
  id: string,
): Promise<{ id: string }> {
  const photo = await db.$transaction(async (tx) => {
    const owned = await ownedPhoto(tx, viewerId, id);
    await tx.modelPhoto.delete({ where: { id } });
    return owned;
  });
  await removeStoredFiles(storage, logger, [photo.storageKey, photo.thumbnailStorageKey ?? []].flat());
  return { id };
}
