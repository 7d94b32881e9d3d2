import {
  itemRefOf,
  SOCIAL_LIMITS,
  type ItemCountersEvent,
  type ItemCountersInput,
  type LikersInput,
  type SocialItemRef,
} from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import type { Viewer } from '../context.ts';
import { notify, type NotificationServices } from '../notifications/service.ts';
import { liveStream } from '../realtime/live-stream.ts';
import { streamHead } from '../realtime/streams.ts';
import {
  countersStream,
  describeItem,
  readCounts,
  recount,
  refOf,
  requireVisibleItem,
  toCountersEvents,
  writeItem,
  type ItemCounts,
  type SocialItem,
} from './items.ts';
import {
  afterKeyset,
  decodeKeyset,
  listedPersonSql,
  pageOf,
  personListedTo,
  timestampKeySql,
  type Page,
  type PersonCard,
} from './people.ts';

/** Likes on collection items (model_likes) and battle reports (battle_report_likes). */

export interface LikeState extends ItemCounts {
  liked: boolean;
}

const REPEAT_WINDOW_MS = SOCIAL_LIMITS.repeatNotificationWindowMinutes * 60_000;

/**
 * Likes an item the viewer may see; liking it again changes nothing. The owner hears of it (not of
 * their own likes, not from someone the rule hides from them, and not again when the same person
 * unlikes and likes again within the window).
 */
export async function likeItem(
  services: NotificationServices,
  viewer: Pick<Viewer, 'userId' | 'username'>,
  ref: SocialItemRef,
): Promise<LikeState> {
  const item = await requireVisibleItem(services.db, viewer.userId, ref);
  const tellOwner =
    item.ownerId !== viewer.userId && (await personListedTo(services.db, item.ownerId, viewer.userId));
  return writeItem(services, item, async ({ tx, counts, emitCounts, deliverLater }) => {
    // ON CONFLICT DO NOTHING: a second like (or a racing duplicate) inserts nothing and counts nothing.
    const { count } =
      item.kind === 'user_model'
        ? await tx.modelLike.createMany({
            data: [{ userId: viewer.userId, userModelId: item.id }],
            skipDuplicates: true,
          })
        : await tx.battleReportLike.createMany({
            data: [{ userId: viewer.userId, battleReportId: item.id }],
            skipDuplicates: true,
          });
    if (count === 0) return { liked: true, ...counts };
    const next = await recount(tx, item);
    await emitCounts('like', next);
    if (tellOwner) {
      deliverLater(
        await notify(tx, {
          userId: item.ownerId,
          type: 'like',
          title: `${viewer.username} liked ${describeItem(item)}`,
          message: item.name,
          data: { actorId: viewer.userId, ...refOf(item) },
          dedupe: { key: `like:${item.kind}:${item.id}:${viewer.userId}`, withinMs: REPEAT_WINDOW_MS },
        }),
      );
    }
    return { liked: true, ...next };
  });
}

/** Takes the viewer's like back; unliking what they never liked changes nothing. */
export async function unlikeItem(
  services: NotificationServices,
  viewerId: string,
  ref: SocialItemRef,
): Promise<LikeState> {
  const item = await requireVisibleItem(services.db, viewerId, ref);
  return writeItem(services, item, async ({ tx, counts, emitCounts }) => {
    const { count } =
      item.kind === 'user_model'
        ? await tx.modelLike.deleteMany({ where: { userId: viewerId, userModelId: item.id } })
        : await tx.battleReportLike.deleteMany({ where: { userId: viewerId, battleReportId: item.id } });
    if (count === 0) return { liked: false, ...counts };
    const next = await recount(tx, item);
    await emitCounts('unlike', next);
    return { liked: false, ...next };
  });
}

export interface Liker {
  user: PersonCard;
  likedAt: string;
}

type LikerRow = { id: string; username: string; avatar_url: string | null; created_at: Date; key: string };

/** Who liked an item, newest first; people the rule hides from the viewer are left out. */
export async function listLikers(db: Db, viewerId: string | null, input: LikersInput): Promise<Page<Liker>> {
  const item = await requireVisibleItem(db, viewerId, itemRefOf(input));
  const cursor = decodeKeyset(input.cursor);
  const from =
    item.kind === 'user_model'
      ? Prisma.sql`model_likes l JOIN users u ON u.id = l.user_id WHERE l.user_model_id = ${item.id}::uuid`
      : Prisma.sql`battle_report_likes l JOIN users u ON u.id = l.user_id WHERE l.battle_report_id = ${item.id}::uuid`;
  const listed = listedPersonSql('u', viewerId);
  const [rows, [total]] = await Promise.all([
    db.$queryRaw<LikerRow[]>`
      SELECT u.id::text, u.username, u.avatar_url, l.created_at, ${timestampKeySql('l.created_at')} AS key
      FROM ${from} AND ${listed} ${afterKeyset(cursor, { time: 'l.created_at', id: 'l.user_id' }, 'desc')}
      ORDER BY l.created_at DESC, l.user_id DESC
      LIMIT ${input.limit + 1}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM ${from} AND ${listed}`,
  ]);
  return pageOf(
    rows,
    input.limit,
    (row) => row.id,
    (row) => ({
      user: { id: row.id, username: row.username, avatarUrl: row.avatar_url },
      likedAt: row.created_at.toISOString(),
    }),
    total?.total ?? 0,
  );
}

export interface ItemSocialState extends ItemCounts {
  likedByMe: boolean;
  /** Subscribe to `social.onItemCounters` from here to miss no change after these counts. */
  lastEventId: string;
}

/** The item's counts and whether the viewer likes it, with the stream position they were read at. */
export async function itemSocialState(
  db: Db,
  viewerId: string | null,
  ref: SocialItemRef,
): Promise<ItemSocialState> {
  const item = await requireVisibleItem(db, viewerId, ref);
  // The position first: a change that commits between the two reads is then replayed, never missed.
  const lastEventId = (await streamHead(db, countersStream(item))).toString();
  const counts = await readCounts(db, item);
  const likedByMe = viewerId ? await hasLiked(db, viewerId, item) : false;
  return { ...counts, likedByMe, lastEventId };
}

async function hasLiked(db: Db, userId: string, item: SocialItem): Promise<boolean> {
  const found =
    item.kind === 'user_model'
      ? await db.modelLike.count({ where: { userId, userModelId: item.id } })
      : await db.battleReportLike.count({ where: { userId, battleReportId: item.id } });
  return found > 0;
}

/**
 * Live like and comment counts of one item. Access is checked when the subscription opens (the item
 * must be visible to the viewer) and again once its position is fixed.
 */
export async function itemCounterEvents(
  services: NotificationServices,
  viewerId: string | null,
  input: ItemCountersInput,
  signal: AbortSignal | undefined,
) {
  const ref = itemRefOf(input);
  const item = await requireVisibleItem(services.db, viewerId, ref);
  return liveStream<ItemCountersEvent>({
    bus: services.bus,
    db: services.db,
    streamKey: countersStream(item),
    lastEventId: input.lastEventId,
    signal,
    authorize: async () => {
      await requireVisibleItem(services.db, viewerId, ref);
    },
    hydrate: async (rows) => toCountersEvents(item, rows),
  });
}
