import {
  readAiPreferences,
  readNotificationPreferences,
  type AiPreferences,
  type NotificationPreferences,
  type ProfileUpdateInput,
} from '@plastic-crack/api-contract';
import type { Db, Prisma } from '@plastic-crack/db';
import { decideAccess, ownerStateSelect, relationshipBetween } from '../access/visibility.ts';
import { notFound } from '../errors.ts';
import type { ProcessedUpload } from '../infra/images.ts';
import { keyFromUrl, newImageKeys, storageUrl, thumbnailKeyFor, type Storage } from '../infra/storage.ts';

const ownProfileSelect = {
  id: true,
  username: true,
  email: true,
  emailVerified: true,
  firstName: true,
  lastName: true,
  bio: true,
  location: true,
  avatarUrl: true,
  privacySetting: true,
  experienceLevel: true,
  preferredGameSystems: true,
  preferredPaintBrands: true,
  notificationPreferences: true,
  aiPreferences: true,
  createdAt: true,
  deletionScheduledAt: true,
  passwordHash: true,
} satisfies Prisma.UserSelect;

type OwnProfileRow = Prisma.UserGetPayload<{ select: typeof ownProfileSelect }>;

export interface OwnProfile extends Omit<
  OwnProfileRow,
  'passwordHash' | 'notificationPreferences' | 'aiPreferences'
> {
  avatarThumbnailUrl: string | null;
  notificationPreferences: NotificationPreferences;
  aiPreferences: AiPreferences;
  /** False for OAuth-only accounts (they confirm deletion with their username). */
  hasPassword: boolean;
}

/** Our own avatars have a thumbnail beside them; an external picture (OAuth) is its own thumbnail. */
function avatarThumbnail(avatarUrl: string | null): string | null {
  const key = keyFromUrl(avatarUrl);
  return key ? storageUrl(thumbnailKeyFor(key)) : avatarUrl;
}

function toOwnProfile({
  passwordHash,
  notificationPreferences,
  aiPreferences,
  ...row
}: OwnProfileRow): OwnProfile {
  return {
    ...row,
    avatarThumbnailUrl: avatarThumbnail(row.avatarUrl),
    notificationPreferences: readNotificationPreferences(notificationPreferences),
    aiPreferences: readAiPreferences(aiPreferences),
    hasPassword: passwordHash !== null,
  };
}

export async function getOwnProfile(db: Db, userId: string): Promise<OwnProfile> {
  const row = await db.user.findUnique({ where: { id: userId }, select: ownProfileSelect });
  if (!row) throw notFound('Profile');
  return toOwnProfile(row);
}

/** Writes only the fields present in the (already validated) input. */
export async function updateProfile(db: Db, userId: string, input: ProfileUpdateInput): Promise<OwnProfile> {
  const data: Prisma.UserUpdateInput = {
    firstName: input.firstName,
    lastName: input.lastName,
    bio: input.bio,
    location: input.location,
    privacySetting: input.privacySetting,
    experienceLevel: input.experienceLevel,
    preferredGameSystems: input.preferredGameSystems,
    preferredPaintBrands: input.preferredPaintBrands,
    notificationPreferences: input.notificationPreferences,
    aiPreferences: input.aiPreferences,
  };
  const row = await db.user.update({ where: { id: userId }, data, select: ownProfileSelect });
  return toOwnProfile(row);
}

const profileCardSelect = {
  id: true,
  username: true,
  avatarUrl: true,
  privacySetting: true,
} satisfies Prisma.UserSelect;

const fullProfileSelect = {
  ...profileCardSelect,
  firstName: true,
  lastName: true,
  bio: true,
  location: true,
  experienceLevel: true,
  preferredGameSystems: true,
  preferredPaintBrands: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

type ProfileCardRow = Prisma.UserGetPayload<{ select: typeof profileCardSelect }>;
type FullProfileRow = Prisma.UserGetPayload<{ select: typeof fullProfileSelect }>;

export type ProfileCard = ProfileCardRow & { avatarThumbnailUrl: string | null };

export interface ProfileStats {
  followerCount: number;
  followingCount: number;
  totalModels: number;
  paintedModels: number;
  armyCount: number;
}

export type FullProfile = FullProfileRow & { avatarThumbnailUrl: string | null; stats: ProfileStats };

/** How the viewer stands towards the profile's owner (drives the follow / friend buttons). */
export interface ViewerRelationship {
  self: boolean;
  friend: boolean;
  follows: boolean;
}

/**
 * A profile page, as the visibility rule allows: `full` (public, a friend's, or one's own), or a
 * `card` (username and avatar) for a friends-only profile seen by a non-friend, so they can still
 * send a friend request. Private, blocked (either way), deactivated and pending-deletion profiles
 * are NOT_FOUND — the same answer as an unknown username, so their existence does not leak.
 */
export type ProfileView =
  | { access: 'full'; profile: FullProfile; relationship: ViewerRelationship }
  | { access: 'card'; profile: ProfileCard; relationship: ViewerRelationship };

export async function getProfileByUsername(
  db: Db,
  viewerId: string | null,
  username: string,
): Promise<ProfileView> {
  const owner = await db.user.findFirst({
    where: { username: { equals: username, mode: 'insensitive' } },
    select: { ...fullProfileSelect, ...ownerStateSelect },
  });
  if (!owner) throw notFound('Profile');
  const relationship = await relationshipBetween(db, viewerId, owner.id);
  const access = decideAccess(owner, relationship);
  if (access === 'hidden') throw notFound('Profile');
  const viewerRelationship = {
    self: relationship.self,
    friend: relationship.friend,
    follows: relationship.follows,
  };
  const avatarThumbnailUrl = avatarThumbnail(owner.avatarUrl);
  if (access === 'card') {
    const { id, username: name, avatarUrl, privacySetting } = owner;
    return {
      access,
      profile: { id, username: name, avatarUrl, privacySetting, avatarThumbnailUrl },
      relationship: viewerRelationship,
    };
  }
  const stats = await db.userStat.findUnique({
    where: { id: owner.id },
    select: {
      followerCount: true,
      followingCount: true,
      totalModels: true,
      paintedModels: true,
      armyCount: true,
    },
  });
  const { isActive: _isActive, deletionScheduledAt: _deletion, ...profile } = owner;
  return {
    access,
    profile: {
      ...profile,
      avatarThumbnailUrl,
      stats: stats ?? { followerCount: 0, followingCount: 0, totalModels: 0, paintedModels: 0, armyCount: 0 },
    },
    relationship: viewerRelationship,
  };
}

export interface AvatarResult {
  avatarUrl: string;
  avatarThumbnailUrl: string;
  width: number;
  height: number;
  size: number;
  mime: string;
}

/**
 * Stores a processed avatar under fresh random keys, points users.avatar_url at it and deletes the
 * previous one. The old URL is read under a row lock, so two uploads racing each delete only
 * the avatar they replaced.
 */
export async function setAvatar(
  db: Db,
  storage: Storage,
  userId: string,
  upload: ProcessedUpload,
): Promise<AvatarResult> {
  const keys = newImageKeys('avatars', upload.image.extension);
  await storage.put(keys.key, upload.image.buffer, upload.image.mime);
  await storage.put(keys.thumbnailKey, upload.thumbnail.buffer, upload.thumbnail.mime);
  const avatarUrl = storage.url(keys.key);
  let previous: string | null;
  try {
    previous = await swapAvatarUrl(db, userId, avatarUrl);
  } catch (error) {
    await deleteStoredImage(storage, avatarUrl);
    throw error;
  }
  await deleteStoredImage(storage, previous);
  return {
    avatarUrl,
    avatarThumbnailUrl: storage.url(keys.thumbnailKey),
    width: upload.image.width,
    height: upload.image.height,
    size: upload.image.size,
    mime: upload.image.mime,
  };
}

export async function removeAvatar(db: Db, storage: Storage, userId: string): Promise<void> {
  await deleteStoredImage(storage, await swapAvatarUrl(db, userId, null));
}

/** Sets avatar_url and returns the value it replaced. */
async function swapAvatarUrl(db: Db, userId: string, avatarUrl: string | null): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ avatar_url: string | null }[]>`
      SELECT avatar_url FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
    if (rows.length === 0) throw notFound('Profile');
    await tx.user.update({ where: { id: userId }, data: { avatarUrl } });
    return rows[0]!.avatar_url;
  });
}

/** Deletes one of our stored images (and its thumbnail); external URLs are left alone. */
export async function deleteStoredImage(storage: Storage, url: string | null): Promise<void> {
  const key = keyFromUrl(url);
  if (!key) return;
  await Promise.all([storage.delete(key), storage.delete(thumbnailKeyFor(key))]);
}
