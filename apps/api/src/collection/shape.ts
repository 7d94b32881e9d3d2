import {
  colourSchemeSchema,
  type ColourScheme,
  type ItemCondition,
  type PaintingStage,
} from '@plastic-crack/api-contract';
import type { Prisma } from '@plastic-crack/db';
import type { StoredValue } from '../custom-fields/service.ts';
import { fromDateColumn } from './dates.ts';

export interface Placement {
  id: string;
  name: string;
}

/**
 * What only the owner sees of an item: money, where it was bought and where it is kept, and their
 * custom-field values. Everyone else gets `null`.
 */
export interface OwnerDetails {
  /** Per unit, in `currency`. */
  purchasePrice: number | null;
  currency: string;
  /** YYYY-MM-DD */
  purchaseDate: string | null;
  purchaseLocation: string | null;
  storageLocation: string | null;
  /** Values keyed by custom field id. */
  customFields: Record<string, StoredValue>;
}

/** An item as lists show it. Dates are ISO strings; DATE columns are YYYY-MM-DD. */
export interface CollectionItemSummary {
  id: string;
  ownerId: string;
  /** The catalogue entry, or null for a custom item. */
  modelId: string | null;
  /** The item's own name if it has one, else its catalogue entry's. */
  name: string;
  /** The item's own name (a custom item's name, or an override of the catalogue name). */
  customName: string | null;
  catalogName: string | null;
  /** The item's own faction / game system / points, else its catalogue entry's. */
  faction: Placement | null;
  gameSystem: Placement | null;
  pointsValue: number | null;
  quantity: number;
  condition: ItemCondition;
  paintingStatus: PaintingStage;
  paintingStartDate: string | null;
  paintingCompletionDate: string | null;
  paintingTimeMinutes: number;
  tags: string[];
  isShowcase: boolean;
  isPublic: boolean;
  likeCount: number;
  commentCount: number;
  createdAt: string;
  updatedAt: string;
  /** The first photo's thumbnail. */
  thumbnailUrl: string | null;
  photoCount: number;
  ownerDetails: OwnerDetails | null;
}

export interface PhotoView {
  id: string;
  url: string;
  thumbnailUrl: string | null;
  caption: string | null;
  width: number | null;
  height: number | null;
  fileSize: number | null;
  mimeType: string;
  sortOrder: number;
  uploadedAt: string;
}

export interface CollectionItemDetail extends CollectionItemSummary {
  owner: { id: string; username: string };
  notes: string | null;
  colourScheme: ColourScheme | null;
  techniques: string[];
  photos: PhotoView[];
}

export const photoSelect = {
  id: true,
  url: true,
  thumbnailUrl: true,
  caption: true,
  width: true,
  height: true,
  fileSize: true,
  mimeType: true,
  sortOrder: true,
  uploadedAt: true,
} satisfies Prisma.ModelPhotoSelect;

export const PHOTO_ORDER = [
  { sortOrder: 'asc' },
  { uploadedAt: 'asc' },
  { id: 'asc' },
] satisfies Prisma.ModelPhotoOrderByWithRelationInput[];

const placement = { select: { id: true, name: true } } as const;

export const itemDetailSelect = {
  id: true,
  userId: true,
  modelId: true,
  name: true,
  pointsValue: true,
  quantity: true,
  purchasePrice: true,
  currency: true,
  purchaseDate: true,
  purchaseLocation: true,
  paintingStatus: true,
  paintingStartDate: true,
  paintingCompletionDate: true,
  paintingTimeMinutes: true,
  colorScheme: true,
  techniquesUsed: true,
  notes: true,
  tags: true,
  isShowcase: true,
  isPublic: true,
  condition: true,
  location: true,
  likeCount: true,
  commentCount: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { id: true, username: true } },
  faction: placement,
  gameSystem: placement,
  catalogModel: { select: { name: true, pointsValue: true, faction: placement, gameSystem: placement } },
  photos: { select: photoSelect, orderBy: PHOTO_ORDER },
} satisfies Prisma.UserModelSelect;

export type ItemDetailRow = Prisma.UserModelGetPayload<{ select: typeof itemDetailSelect }>;

export function shapePhoto(photo: Prisma.ModelPhotoGetPayload<{ select: typeof photoSelect }>): PhotoView {
  return { ...photo, uploadedAt: photo.uploadedAt.toISOString() };
}

/** A stored colour scheme that no longer fits the schema is shown as none rather than failing the read. */
export function readColourScheme(stored: unknown): ColourScheme | null {
  if (stored === null || stored === undefined) return null;
  const parsed = colourSchemeSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export function shapeItemDetail(
  row: ItemDetailRow,
  isOwner: boolean,
  customFields: Record<string, StoredValue>,
): CollectionItemDetail {
  const photos = row.photos.map(shapePhoto);
  return {
    id: row.id,
    ownerId: row.userId,
    modelId: row.modelId,
    name: row.name ?? row.catalogModel?.name ?? '',
    customName: row.name,
    catalogName: row.catalogModel?.name ?? null,
    faction: row.faction ?? row.catalogModel?.faction ?? null,
    gameSystem: row.gameSystem ?? row.catalogModel?.gameSystem ?? null,
    pointsValue: row.pointsValue ?? row.catalogModel?.pointsValue ?? null,
    quantity: row.quantity,
    condition: row.condition,
    paintingStatus: row.paintingStatus,
    paintingStartDate: fromDateColumn(row.paintingStartDate),
    paintingCompletionDate: fromDateColumn(row.paintingCompletionDate),
    paintingTimeMinutes: row.paintingTimeMinutes,
    tags: row.tags,
    isShowcase: row.isShowcase,
    isPublic: row.isPublic,
    likeCount: row.likeCount,
    commentCount: row.commentCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    thumbnailUrl: photos[0]?.thumbnailUrl ?? photos[0]?.url ?? null,
    photoCount: photos.length,
    ownerDetails: isOwner
      ? {
          purchasePrice: row.purchasePrice === null ? null : Number(row.purchasePrice),
          currency: row.currency,
          purchaseDate: fromDateColumn(row.purchaseDate),
          purchaseLocation: row.purchaseLocation,
          storageLocation: row.location,
          customFields,
        }
      : null,
    owner: { id: row.user.id, username: row.user.username },
    notes: row.notes,
    colourScheme: readColourScheme(row.colorScheme),
    techniques: row.techniquesUsed,
    photos,
  };
}
