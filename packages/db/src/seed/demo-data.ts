/**
 * Builds every per-user demo row (collections, painting history and sessions, armies, wishlists, the
 * social graph, likes and comments, conversations, activities, notifications, achievements) from the
 * resolved ids of the reference rows. Pure and deterministic: the same seed and epoch give the same rows.
 */
import { createHash } from 'node:crypto';
import { ACHIEVEMENTS, type AchievementMetric } from './achievements.ts';
import { type Catalogue, type CatalogueEntry, type FactionEntry } from './catalogue.ts';
import { type DemoUserData } from './data/users-data.ts';
import { seedId } from './ids.ts';
import {
  ARMY_EPITHETS,
  ARMY_NAMES,
  CUSTOM_ITEMS,
  PAINT_BRANDS,
  PURCHASE_LOCATIONS,
  STORAGE_LOCATIONS,
  TECHNIQUES,
  commentText,
  conversationLine,
  modelNote,
  replyText,
  sessionNote,
} from './names.ts';
import { Rng } from './random.ts';
import { type Row } from './sql.ts';
import { DAY, HOUR, isoDate } from './time.ts';

export const PAINTING_STATUSES = [
  'unpainted',
  'primed',
  'basecoated',
  'shaded',
  'highlighted',
  'detailed',
  'finished',
  'showcase_ready',
] as const;
export type PaintingStatus = (typeof PAINTING_STATUSES)[number];

/** Activities and notifications cover this many days before the epoch. */
export const ACTIVITY_WINDOW_DAYS = 120;

export interface DemoUser {
  id: string;
  data: DemoUserData;
  createdAt: Date;
}

interface Item {
  id: string;
  userIndex: number;
  name: string;
  entry: CatalogueEntry | null;
  factionKey: string;
  systemSlug: string;
  status: number;
  createdAt: Date;
  /** Times at which each recorded status was reached: [status index, time]. */
  transitions: [number, Date][];
  isPublic: boolean;
  isWishlist: boolean;
  colour: string;
  row: Row;
}

export interface DemoRows {
  userModels: Row[];
  paintingHistory: Row[];
  paintingSessions: Row[];
  armies: Row[];
  armyModels: Row[];
  wishlists: Row[];
  wishlistItems: Row[];
  relationships: Row[];
  friendRequests: Row[];
  likes: Row[];
  comments: Row[];
  conversations: Row[];
  participants: Row[];
  messages: Row[];
  reactions: Row[];
  activities: Row[];
  notifications: Row[];
  userAchievements: Row[];
  /** Earliest and latest activity time (for partitions). */
  activityRange: [Date, Date] | null;
}

const iso = (date: Date) => date.toISOString();
const between = (rng: Rng, from: Date, to: Date) =>
  new Date(from.getTime() + Math.floor(rng.float() * Math.max(0, to.getTime() - from.getTime())));

export function buildDemoRows(input: {
  seed: number;
  epoch: Date;
  catalogue: Catalogue;
  users: readonly DemoUser[];
  /** Achievement ids by name, when the database already had them under other ids. */
  achievementIds?: ReadonlyMap<string, string>;
}): DemoRows {
  const { seed, epoch, catalogue, users } = input;
  const windowStart = new Date(epoch.getTime() - ACTIVITY_WINDOW_DAYS * DAY);
  const entriesByFaction = new Map<string, CatalogueEntry[]>();
  for (const entry of catalogue.entries) {
    const list = entriesByFaction.get(entry.factionKey) ?? [];
    list.push(entry);
    entriesByFaction.set(entry.factionKey, list);
  }
  const factionByKey = new Map(catalogue.factions.map((faction) => [faction.key, faction]));

  const rows: DemoRows = {
    userModels: [],
    paintingHistory: [],
    paintingSessions: [],
    armies: [],
    armyModels: [],
    wishlists: [],
    wishlistItems: [],
    relationships: [],
    friendRequests: [],
    likes: [],
    comments: [],
    conversations: [],
    participants: [],
    messages: [],
    reactions: [],
    activities: [],
    notifications: [],
    userAchievements: [],
    activityRange: null,
  };

  // Events per user, for achievements (metric -> times at which the count went up by one).
  const metricTimes = users.map(() => new Map<AchievementMetric, { at: Date; amount: number }[]>());
  const countEvent = (userIndex: number, metric: AchievementMetric, at: Date, amount = 1) => {
    const list = metricTimes[userIndex]!.get(metric) ?? [];
    list.push({ at, amount });
    metricTimes[userIndex]!.set(metric, list);
  };
  const activity = (
    userIndex: number,
    key: string,
    type: string,
    at: Date,
    entityType: string | null,
    entityId: string | null,
    data: Row,
  ) => {
    if (at < windowStart || at > epoch) return;
    rows.activities.push({
      id: seedId('activity', users[userIndex]!.data.username, key),
      user_id: users[userIndex]!.id,
      activity_type: type,
      entity_type: entityType,
      entity_id: entityId,
      data,
      created_at: iso(at),
    });
  };
  const notify = (
    userIndex: number,
    key: string,
    type: string,
    at: Date,
    title: string,
    message: string,
    data: Row,
  ) => {
    if (at < windowStart || at > epoch) return;
    const rng = Rng.for(seed, `notification:${users[userIndex]!.data.username}:${key}`);
    const read = epoch.getTime() - at.getTime() > 5 * DAY || rng.chance(0.3);
    const readAt = read ? new Date(Math.min(epoch.getTime(), at.getTime() + rng.int(1, 30) * HOUR)) : null;
    rows.notifications.push({
      id: seedId('notification', users[userIndex]!.data.username, key),
      user_id: users[userIndex]!.id,
      type,
      title,
      message,
      data,
      is_read: read,
      created_at: iso(at),
      read_at: readAt ? iso(readAt) : null,
    });
  };

  // ------------------------------------------------------------------------------ collections
  const items: Item[] = [];
  const itemsByUser: Item[][] = users.map(() => []);
  users.forEach((user, userIndex) => {
    const rng = Rng.for(seed, `collection:${user.data.username}`);
    const username = user.data.username;
    const systemFactions = catalogue.factions.filter((faction) =>
      user.data.systems.includes(faction.systemSlug),
    );
    const favourites = rng.sample(systemFactions, user.data.username === 'demo' ? 5 : rng.int(2, 3));
    const size = username === 'demo' ? 40 : rng.int(16, 32);
    const statusWeights = PAINTING_STATUSES.map((_, i) => [i, [30, 12, 10, 8, 8, 6, 18, 8][i]!] as const);

    for (let n = 0; n < size; n++) {
      const custom = n === 8 || n === 17 || (n > 17 && rng.chance(0.06));
      // The first eight items cover every painting stage, in order.
      const status = n < PAINTING_STATUSES.length ? n : rng.weighted(statusWeights);
      const faction: FactionEntry = rng.chance(0.85) ? rng.pick(favourites) : rng.pick(systemFactions);
      const entry = custom ? null : rng.pick(entriesByFaction.get(faction.key)!);
      const recent = status > 0 && status < 6 ? rng.chance(0.6) : rng.chance(0.25);
      const addedDaysAgo = recent
        ? rng.int(2, ACTIVITY_WINDOW_DAYS - 5)
        : rng.int(ACTIVITY_WINDOW_DAYS, 1300);
      const createdAt = new Date(epoch.getTime() - addedDaysAgo * DAY + rng.int(8, 22) * HOUR - 12 * HOUR);
      const purchase = new Date(createdAt.getTime() - rng.int(0, 21) * DAY);

      // Painting progress: unpainted when added, then each stage (sometimes one skipped) up to `status`.
      const steps: number[] = [0];
      for (let s = 1; s <= status; s++) {
        if (s < status && (s === 3 || s === 5) && rng.chance(0.3)) continue;
        steps.push(s);
      }
      const lastPossible = new Date(epoch.getTime() - rng.int(1, 48) * HOUR);
      const spanDays = status >= 6 ? rng.int(7, 240) : rng.chance(0.6) ? addedDaysAgo : rng.int(3, 120);
      const end = new Date(Math.min(lastPossible.getTime(), createdAt.getTime() + spanDays * DAY));
      const times = steps
        .slice(1)
        .map(() => between(rng, new Date(createdAt.getTime() + HOUR), end))
        .sort((a, b) => a.getTime() - b.getTime());
      const transitions: [number, Date][] = [
        [0, createdAt],
        ...steps.slice(1).map((s, i) => [s, times[i]!] as [number, Date]),
      ];
      const id = seedId('user_model', username, n);
      const itemName = custom ? CUSTOM_ITEMS[(userIndex * 3 + n) % CUSTOM_ITEMS.length]!.name : entry!.name;
      const colour = rng.pick(faction.data.colours);
      const isPublic = user.data.privacy !== 'private' && rng.chance(0.9);
      const startDate = transitions[1]?.[1] ?? null;
      const finishedAt = transitions.find(([s]) => s >= 6)?.[1] ?? null;

      // Painting sessions between starting and the last change.
      let minutes = 0;
      if (status > 0) {
        const sessionCount = rng.int(status, status + 3);
        const lastChange = transitions[transitions.length - 1]![1];
        for (let k = 0; k < sessionCount; k++) {
          const day = between(rng, startDate!, lastChange);
          const length = rng.int(3, 48) * 5;
          minutes += length;
          countEvent(userIndex, 'painting_minutes', day, length);
          rows.paintingSessions.push({
            id: seedId('painting_session', username, n, k),
            user_model_id: id,
            minutes: length,
            painted_on: isoDate(day),
            notes: sessionNote(rng, colour),
            created_at: iso(day),
          });
        }
      }

      const quantity = custom
        ? 1
        : rng.weighted([
            [1, 80],
            [2, 15],
            [3, 5],
          ] as const);
      const points = entry?.points ?? (custom ? rng.int(4, 30) * 5 : null);
      const row: Row = {
        id,
        user_id: user.id,
        model_id: entry?.id ?? null,
        name: custom
          ? itemName
          : rng.chance(0.1)
            ? `${itemName} (${rng.pick(['test scheme', 'second squad', 'converted', 'magnetised'])})`
            : null,
        faction_id: custom ? faction.id : null,
        game_system_id: custom ? faction.gameSystemId : null,
        points_value: custom ? points : null,
        quantity,
        purchase_price: custom
          ? rng.chance(0.5)
            ? rng.money(5, 60)
            : null
          : rng.money(entry!.msrp * 0.75, entry!.msrp),
        currency: entry?.currency ?? 'USD',
        purchase_date: isoDate(purchase),
        purchase_location: rng.pick(PURCHASE_LOCATIONS),
        painting_status: PAINTING_STATUSES[status],
        painting_start_date: startDate ? isoDate(startDate) : null,
        painting_completion_date: finishedAt ? isoDate(finishedAt) : null,
        painting_time_minutes: minutes,
        skill_assessment:
          status >= 6
            ? {
                overall: rng.int(5, 10),
                brushControl: rng.int(5, 10),
                blending: rng.int(4, 10),
                basing: rng.int(4, 10),
              }
            : null,
        color_scheme:
          status >= 2
            ? {
                primary: colour,
                secondary: rng.pick(faction.data.colours),
                accent: rng.pick(faction.data.colours),
              }
            : null,
        techniques_used: status >= 2 ? rng.sample(TECHNIQUES, rng.int(1, 4)) : [],
        notes: custom ? CUSTOM_ITEMS[(userIndex * 3 + n) % CUSTOM_ITEMS.length]!.note : modelNote(rng),
        tags: [
          ...(custom ? ['kitbash'] : []),
          ...(status >= 1 && status <= 5 ? ['wip'] : []),
          ...(status >= 6 ? ['completed'] : []),
          ...(rng.chance(0.2)
            ? [rng.pick(['magnetised', 'tournament', 'crusade', 'commission', 'display'])]
            : []),
        ],
        ai_generated_tags: entry ? [faction.slug, entry.modelType.replace(/_/g, '-')] : [],
        is_showcase: status === 7 && rng.chance(0.7),
        is_wishlist: false,
        is_public: isPublic,
        condition: rng.weighted([
          ['new', 50],
          ['like_new', 30],
          ['good', 15],
          ['fair', 5],
        ] as const),
        location: rng.pick(STORAGE_LOCATIONS),
        like_count: 0,
        comment_count: 0,
        created_at: iso(createdAt),
        updated_at: iso(transitions[transitions.length - 1]![1]),
      };
      const item: Item = {
        id,
        userIndex,
        name: itemName,
        entry,
        factionKey: faction.key,
        systemSlug: faction.systemSlug,
        status,
        createdAt,
        transitions,
        isPublic,
        isWishlist: false,
        colour,
        row,
      };
      items.push(item);
      itemsByUser[userIndex]!.push(item);

      transitions.forEach(([to, at], t) => {
        rows.paintingHistory.push({
          id: seedId('painting_status_history', username, n, t),
          user_model_id: id,
          from_status: t === 0 ? null : PAINTING_STATUSES[transitions[t - 1]![0]],
          to_status: PAINTING_STATUSES[to],
          changed_at: iso(at),
        });
        if (t === 0) {
          activity(userIndex, `added:${n}`, 'model_added', at, 'user_model', id, {
            name: itemName,
            paintingStatus: 'unpainted',
          });
        } else if (to >= 6) {
          activity(userIndex, `painted:${n}:${t}`, 'model_painted', at, 'user_model', id, {
            name: itemName,
            paintingStatus: PAINTING_STATUSES[to],
          });
        } else if (t % 2 === 0 || t === transitions.length - 1) {
          activity(userIndex, `updated:${n}:${t}`, 'model_updated', at, 'user_model', id, {
            name: itemName,
            fromStatus: PAINTING_STATUSES[transitions[t - 1]![0]],
            paintingStatus: PAINTING_STATUSES[to],
          });
        }
        if (to === 1) countEvent(userIndex, 'primed', at);
        if (to === 6 || (to === 7 && !transitions.some(([s]) => s === 6)))
          countEvent(userIndex, 'finished', at);
        if (to === 7) countEvent(userIndex, 'showcase', at);
      });
      countEvent(userIndex, 'items_owned', createdAt);
      if (status === 0) countEvent(userIndex, 'unpainted', createdAt);
    }

    // A tracked-but-not-owned item for some users (is_wishlist: excluded from collection figures).
    if (userIndex % 3 === 1) {
      const faction = rng.pick(favourites);
      const entry = rng.pick(entriesByFaction.get(faction.key)!);
      const createdAt = new Date(epoch.getTime() - rng.int(5, 90) * DAY);
      const id = seedId('user_model', username, 'wishlist');
      rows.userModels.push({
        ...wishlistUserModel(id, user.id, entry, createdAt),
      });
      rows.paintingHistory.push({
        id: seedId('painting_status_history', username, 'wishlist', 0),
        user_model_id: id,
        from_status: null,
        to_status: 'unpainted',
        changed_at: iso(createdAt),
      });
    }

    // Systems collected, in the order they appeared.
    const seenSystems = new Set<string>();
    for (const item of [...itemsByUser[userIndex]!].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
    )) {
      if (seenSystems.has(item.systemSlug)) continue;
      seenSystems.add(item.systemSlug);
      countEvent(userIndex, 'game_systems', item.createdAt);
    }

    // ---------------------------------------------------------------------------- armies
    const armyCount = username === 'demo' ? 3 : rng.int(1, 3);
    const ownFactions = [...new Set(itemsByUser[userIndex]!.filter((i) => i.entry).map((i) => i.factionKey))];
    rng.sample(ownFactions, armyCount).forEach((factionKey, a) => {
      const faction = factionByKey.get(factionKey)!;
      const members = itemsByUser[userIndex]!.filter((i) => i.factionKey === factionKey);
      const createdAt = new Date(
        Math.max(...members.map((m) => m.createdAt.getTime())) + rng.int(1, 10) * DAY,
      );
      const at = createdAt > epoch ? new Date(epoch.getTime() - rng.int(1, 12) * HOUR) : createdAt;
      const id = seedId('army', username, a);
      const pointsLimit = rng.pick([500, 1000, 1500, 2000]);
      const name = `${faction.name} ${rng.pick(ARMY_NAMES)} ${rng.pick(ARMY_EPITHETS)}`;
      rows.armies.push({
        id,
        user_id: user.id,
        name,
        faction_id: faction.id,
        game_system_id: faction.gameSystemId,
        description: `${pointsLimit}-point ${faction.name} list for ${rng.pick(['the club league', 'a narrative crusade', 'the next tournament', 'casual games'])}.`,
        points_limit: pointsLimit,
        is_public: user.data.privacy === 'public' && rng.chance(0.7),
        created_at: iso(at),
        updated_at: iso(at),
      });
      for (const member of members.slice(0, 12)) {
        rows.armyModels.push({
          id: seedId('army_model', username, a, member.id),
          army_id: id,
          user_model_id: member.id,
          quantity: Number(member.row.quantity),
          notes: rng.chance(0.2)
            ? rng.pick(['Warlord', 'Reserves', 'Objective holder', 'Proxy for now'])
            : null,
          added_at: iso(at),
        });
      }
      activity(userIndex, `army:${a}`, 'army_created', at, 'army', id, {
        name,
        faction: faction.name,
        pointsLimit,
      });
      countEvent(userIndex, 'armies', at);
    });

    // ---------------------------------------------------------------------------- wishlists
    const lists = username === 'demo' ? 2 : rng.int(1, 2);
    for (let w = 0; w < lists; w++) {
      const id = seedId('wishlist', username, w);
      const isPublic = user.data.privacy === 'public' && rng.chance(0.6);
      const createdAt = new Date(epoch.getTime() - rng.int(20, 400) * DAY);
      rows.wishlists.push({
        id,
        user_id: user.id,
        name:
          w === 0
            ? 'My Wishlist'
            : rng.pick(['Christmas list', 'Next army project', 'Birthday ideas', 'Tournament must-haves']),
        description: w === 0 ? 'Everything I want to add to the collection.' : 'Saving up for these.',
        is_default: w === 0,
        is_public: isPublic,
        share_token: isPublic
          ? createHash('sha256').update(`${seed}:wishlist:${username}:${w}`).digest('hex').slice(0, 32)
          : null,
        created_at: iso(createdAt),
        updated_at: iso(createdAt),
      });
      const picks = rng.sample(
        favourites.flatMap((f) => entriesByFaction.get(f.key)!),
        rng.int(3, 7),
      );
      picks.forEach((entry, k) => {
        const purchased = rng.chance(0.1);
        const at = new Date(createdAt.getTime() + rng.int(0, 15) * DAY);
        rows.wishlistItems.push({
          id: seedId('wishlist_item', username, w, k),
          wishlist_id: id,
          model_id: entry.id,
          name: entry.name,
          faction_id: entry.factionId,
          game_system_id: entry.gameSystemId,
          quantity: rng.weighted([
            [1, 85],
            [2, 12],
            [3, 3],
          ] as const),
          estimated_price: entry.msrp,
          currency: entry.currency,
          priority: rng.weighted([
            ['low', 20],
            ['medium', 45],
            ['high', 25],
            ['urgent', 10],
          ] as const),
          notes: rng.chance(0.3)
            ? rng.pick(['Wait for a sale', 'Need two of these eventually', 'For the new army', 'Gift idea'])
            : null,
          product_url: null,
          purchased_at: purchased
            ? iso(new Date(Math.min(epoch.getTime() - HOUR, at.getTime() + 30 * DAY)))
            : null,
          created_at: iso(at),
          updated_at: iso(at),
        });
      });
    }
  });
  for (const item of items) rows.userModels.push(item.row);

  // ------------------------------------------------------------------------------ social graph
  const social = Rng.for(seed, 'social');
  const n = users.length;
  const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
  const related = new Set<string>();
  const friendships: [number, number][] = [];
  const addFriendship = (a: number, b: number) => {
    if (a === b || related.has(pairKey(a, b))) return;
    related.add(pairKey(a, b));
    friendships.push([a, b]);
  };
  // The demo user (index 0) has five friends; a dozen more friendships elsewhere.
  for (const friend of social.sample([...Array(n).keys()].slice(1), 5)) addFriendship(0, friend);
  while (friendships.length < 17) addFriendship(social.int(1, n - 1), social.int(1, n - 1));

  const blocked: [number, number] = [n - 1, n - 2];
  if (!related.has(pairKey(...blocked))) related.add(pairKey(...blocked));
  else blocked[1] = -1;

  friendships.forEach(([a, b], f) => {
    const requestedAt = between(
      social,
      new Date(epoch.getTime() - 300 * DAY),
      new Date(epoch.getTime() - 2 * DAY),
    );
    const acceptedAt = new Date(
      Math.min(epoch.getTime() - HOUR, requestedAt.getTime() + social.int(1, 72) * HOUR),
    );
    rows.friendRequests.push({
      id: seedId('friend_request', users[a]!.data.username, users[b]!.data.username),
      requester_id: users[a]!.id,
      addressee_id: users[b]!.id,
      status: 'accepted',
      message: social.chance(0.5) ? 'Good game last week, let us keep in touch!' : null,
      created_at: iso(requestedAt),
      responded_at: iso(acceptedAt),
    });
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      rows.relationships.push({
        id: seedId('relationship', users[x]!.data.username, users[y]!.data.username),
        follower_id: users[x]!.id,
        following_id: users[y]!.id,
        relationship_type: 'friend',
        created_at: iso(acceptedAt),
      });
      activity(x, `friend:${users[y]!.data.username}`, 'friend_added', acceptedAt, 'user', users[y]!.id, {
        username: users[y]!.data.username,
      });
      countEvent(x, 'following', acceptedAt);
    }
    notify(
      a,
      `friend_accepted:${f}`,
      'friend_accepted',
      acceptedAt,
      `${users[b]!.data.username} accepted your friend request`,
      'You are now friends.',
      { userId: users[b]!.id },
    );
  });

  // One-way follows: everyone follows a handful of others; many follow the demo account.
  const follow = (a: number, b: number) => {
    if (a === b || related.has(`${a}>${b}`) || related.has(pairKey(a, b))) return;
    related.add(`${a}>${b}`);
    const at = between(social, new Date(epoch.getTime() - 400 * DAY), new Date(epoch.getTime() - HOUR));
    rows.relationships.push({
      id: seedId('relationship', users[a]!.data.username, users[b]!.data.username),
      follower_id: users[a]!.id,
      following_id: users[b]!.id,
      relationship_type: 'follow',
      created_at: iso(at),
    });
    activity(a, `follow:${users[b]!.data.username}`, 'user_followed', at, 'user', users[b]!.id, {
      username: users[b]!.data.username,
    });
    notify(
      b,
      `follow:${users[a]!.data.username}`,
      'follow',
      at,
      `${users[a]!.data.username} started following you`,
      '',
      { userId: users[a]!.id },
    );
    countEvent(a, 'following', at);
  };
  const isBlockedPair = (a: number, b: number) =>
    blocked.includes(a) && blocked.includes(b) && blocked[1] >= 0;
  for (let a = 0; a < n; a++) {
    for (const b of social.sample([...Array(n).keys()], a === 0 ? 9 : social.int(3, 8))) {
      if (!isBlockedPair(a, b)) follow(a, b);
    }
    if (a > 0 && a % 3 !== 0) follow(a, 0);
  }
  if (blocked[1] >= 0) {
    rows.relationships.push({
      id: seedId('relationship', users[blocked[0]]!.data.username, users[blocked[1]]!.data.username),
      follower_id: users[blocked[0]]!.id,
      following_id: users[blocked[1]]!.id,
      relationship_type: 'blocked',
      created_at: iso(new Date(epoch.getTime() - 40 * DAY)),
    });
  }

  // Friend requests: three waiting for the demo user, one from it, one declined.
  const strangers = [...Array(n).keys()].filter(
    (i) => i > 0 && !related.has(pairKey(0, i)) && !blocked.includes(i),
  );
  const pending: [number, number, string][] = [
    ...social.sample(strangers, 3).map((i) => [i, 0, 'pending'] as [number, number, string]),
  ];
  const others = strangers.filter((i) => !pending.some(([r]) => r === i));
  if (others[0] !== undefined) pending.push([0, others[0], 'pending']);
  if (others[1] !== undefined) pending.push([others[1], 0, 'declined']);
  pending.forEach(([from, to, status], p) => {
    const at = new Date(epoch.getTime() - social.int(2, 20) * DAY);
    rows.friendRequests.push({
      id: seedId('friend_request', users[from]!.data.username, users[to]!.data.username),
      requester_id: users[from]!.id,
      addressee_id: users[to]!.id,
      status,
      message: social.pick([
        'Want to be friends? We play the same army!',
        'Saw your showcase piece — amazing work.',
        null,
      ]),
      created_at: iso(at),
      responded_at: status === 'pending' ? null : iso(new Date(at.getTime() + DAY)),
    });
    if (status === 'pending') {
      notify(
        to,
        `friend_request:${p}`,
        'friend_request',
        at,
        `${users[from]!.data.username} sent you a friend request`,
        '',
        { userId: users[from]!.id },
      );
    }
  });

  // ------------------------------------------------------------------------------ likes and comments
  const likeCounts = new Map<string, number>();
  const commentCounts = new Map<string, number>();
  const visible = items.filter((item) => item.isPublic && users[item.userIndex]!.data.privacy !== 'private');
  for (const item of visible) {
    const rng = Rng.for(seed, `reactions:${item.id}`);
    const owner = item.userIndex;
    const candidates = [...Array(n).keys()].filter((i) => i !== owner && !isBlockedPair(i, owner));
    const likeTarget = item.status === 7 ? rng.int(6, 14) : item.status === 6 ? rng.int(2, 9) : rng.int(0, 3);
    const likers = rng.sample(candidates, likeTarget);
    for (const liker of likers) {
      const at = between(rng, item.transitions[item.transitions.length - 1]![1], epoch);
      rows.likes.push({ user_id: users[liker]!.id, user_model_id: item.id, created_at: iso(at) });
      notify(
        owner,
        `like:${item.id}:${liker}`,
        'like',
        at,
        `${users[liker]!.data.username} liked your ${item.name}`,
        '',
        { userModelId: item.id, userId: users[liker]!.id },
      );
      countEvent(owner, 'likes_received', at);
    }
    likeCounts.set(item.id, likers.length);
    const commentTarget = item.status >= 6 ? rng.int(1, 4) : rng.chance(0.25) ? 1 : 0;
    let comments = 0;
    for (let c = 0; c < commentTarget; c++) {
      const author = rng.pick(candidates);
      const at = between(
        rng,
        item.transitions[item.transitions.length - 1]![1],
        new Date(epoch.getTime() - 2 * HOUR),
      );
      const id = seedId('comment', item.id, c);
      rows.comments.push({
        id,
        user_id: users[author]!.id,
        user_model_id: item.id,
        battle_report_id: null,
        content: commentText(rng, item.colour),
        parent_comment_id: null,
        is_edited: rng.chance(0.05),
        created_at: iso(at),
        updated_at: iso(at),
      });
      comments++;
      activity(author, `comment:${id}`, 'comment_added', at, 'comment', id, {
        userModelId: item.id,
        name: item.name,
      });
      notify(
        owner,
        `comment:${id}`,
        'comment',
        at,
        `${users[author]!.data.username} commented on your ${item.name}`,
        '',
        { userModelId: item.id, commentId: id },
      );
      if (rng.chance(0.35)) {
        const replyAt = new Date(Math.min(epoch.getTime() - HOUR, at.getTime() + rng.int(1, 20) * HOUR));
        rows.comments.push({
          id: seedId('comment', item.id, c, 'reply'),
          user_id: users[owner]!.id,
          user_model_id: item.id,
          battle_report_id: null,
          content: replyText(rng),
          parent_comment_id: id,
          is_edited: false,
          created_at: iso(replyAt),
          updated_at: iso(replyAt),
        });
        comments++;
      }
    }
    commentCounts.set(item.id, comments);
  }
  for (const item of items) {
    item.row.like_count = likeCounts.get(item.id) ?? 0;
    item.row.comment_count = commentCounts.get(item.id) ?? 0;
  }

  // ------------------------------------------------------------------------------ conversations
  const chat = Rng.for(seed, 'conversations');
  const friendsOf = (i: number) =>
    friendships.filter(([a, b]) => a === i || b === i).map(([a, b]) => (a === i ? b : a));
  const byName = (name: string) => users.findIndex((u) => u.data.username === name);
  const conversations: { key: string; type: 'direct' | 'group'; name: string | null; members: number[] }[] = [
    ...friendsOf(0)
      .slice(0, 3)
      .map((f) => ({
        key: `direct:demo:${users[f]!.data.username}`,
        type: 'direct' as const,
        name: null,
        members: [0, f],
      })),
    ...friendships
      .filter(([a, b]) => a !== 0 && b !== 0)
      .slice(0, 3)
      .map(([a, b]) => ({
        key: `direct:${users[a]!.data.username}:${users[b]!.data.username}`,
        type: 'direct' as const,
        name: null,
        members: [a, b],
      })),
    {
      key: 'group:thursday-night',
      type: 'group',
      name: 'Thursday Night Crusade',
      members: [0, ...chat.sample(friendsOf(0), 3), byName('tactical_theo')].filter(
        (v, i, a) => v >= 0 && a.indexOf(v) === i,
      ),
    },
    {
      key: 'group:kill-team-league',
      type: 'group',
      name: 'Kill Team League',
      members: ['killteam_kenji', 'tactical_theo', 'grimdark_gemma', 'mechanicus_mo', 'contrast_chloe']
        .map(byName)
        .filter((i) => i >= 0),
    },
    {
      key: 'group:golden-demon',
      type: 'group',
      name: 'Golden Demon prep',
      members: [0, ...['brushlord_kai', 'sisters_sara', 'heresy_hal'].map(byName).filter((i) => i >= 0)],
    },
  ];
  conversations.forEach((conversation, c) => {
    // Blocked users never share a conversation.
    conversation.members = conversation.members.filter(
      (m, i, all) => !all.slice(0, i).some((earlier) => isBlockedPair(earlier, m)),
    );
    const id = seedId('conversation', conversation.key);
    const createdAt = new Date(epoch.getTime() - chat.int(20, 90) * DAY);
    const count = conversation.type === 'group' ? chat.int(12, 24) : chat.int(6, 14);
    const times = Array.from({ length: count }, () =>
      between(chat, createdAt, new Date(epoch.getTime() - HOUR)),
    ).sort((a, b) => a.getTime() - b.getTime());
    const messageIds: string[] = [];
    const lastSent = new Map<number, Date>();
    times.forEach((at, m) => {
      const sender = chat.pick(conversation.members);
      const own = itemsByUser[sender]!;
      const share = own.length > 0 && chat.chance(0.12) ? chat.pick(own) : null;
      const messageId = seedId('message', conversation.key, m);
      rows.messages.push({
        id: messageId,
        conversation_id: id,
        user_id: users[sender]!.id,
        content: share ? `Check out my ${share.name}!` : conversationLine(chat, chat.pick(items).name),
        message_type: share ? 'model_share' : 'text',
        reply_to_id: m > 0 && chat.chance(0.15) ? chat.pick(messageIds) : null,
        attachments: share ? [{ type: 'user_model', userModelId: share.id }] : [],
        edited_at: null,
        deleted_at: null,
        created_at: iso(at),
      });
      messageIds.push(messageId);
      lastSent.set(sender, at);
      if (chat.chance(0.2)) {
        for (const reactor of chat.sample(
          conversation.members.filter((x) => x !== sender),
          chat.int(1, 2),
        )) {
          rows.reactions.push({
            message_id: messageId,
            user_id: users[reactor]!.id,
            emoji: chat.pick(['👍', '🔥', '😂', '❤️', '🎨']),
            created_at: iso(new Date(Math.min(epoch.getTime(), at.getTime() + chat.int(1, 120) * 60_000))),
          });
        }
      }
    });
    const lastMessageAt = times[times.length - 1]!;
    rows.conversations.push({
      id,
      type: conversation.type,
      name: conversation.name,
      description: conversation.type === 'group' ? `Chat for ${conversation.name}.` : null,
      created_by_id: users[conversation.members[0]!]!.id,
      // The chat service finds a pair's direct conversation by '<smaller id>:<larger id>'.
      direct_key:
        conversation.type === 'direct'
          ? conversation.members
              .map((m) => users[m]!.id)
              .sort()
              .join(':')
          : null,
      last_message_at: iso(lastMessageAt),
      is_active: true,
      created_at: iso(createdAt),
    });
    conversation.members.forEach((member, p) => {
      // The demo user has unread messages in its first and the group conversations.
      const unread =
        member === 0 && (c === 0 || conversation.type === 'group') && lastSent.get(0) !== lastMessageAt;
      const lastRead = unread ? (lastSent.get(member) ?? createdAt) : lastMessageAt;
      rows.participants.push({
        id: seedId('conversation_participant', conversation.key, users[member]!.data.username),
        conversation_id: id,
        user_id: users[member]!.id,
        joined_at: iso(createdAt),
        last_read_at: iso(lastRead),
        is_active: true,
        role: conversation.type === 'group' && p === 0 ? 'admin' : 'member',
      });
      if (unread) {
        notify(
          member,
          `message:${conversation.key}`,
          'message',
          lastMessageAt,
          conversation.name ? `New messages in ${conversation.name}` : 'New message',
          '',
          { conversationId: id },
        );
      }
    });
  });

  // ------------------------------------------------------------------------------ achievements
  users.forEach((user, userIndex) => {
    for (const achievement of ACHIEVEMENTS) {
      const events = [...(metricTimes[userIndex]!.get(achievement.metric) ?? [])].sort(
        (a, b) => a.at.getTime() - b.at.getTime(),
      );
      // Earned when the running total first reaches the target.
      let total = 0;
      const reached = events.find((event) => (total += event.amount) >= achievement.target);
      if (!reached) continue;
      const progress = events.reduce((sum, event) => sum + event.amount, 0);
      const earnedAt = reached.at;
      const achievementId = input.achievementIds?.get(achievement.name) ?? achievement.id;
      rows.userAchievements.push({
        user_id: user.id,
        achievement_id: achievementId,
        earned_at: iso(earnedAt),
        progress: { current: progress, target: achievement.target },
      });
      activity(
        userIndex,
        `achievement:${achievement.name}`,
        'achievement_earned',
        earnedAt,
        'achievement',
        achievementId,
        { name: achievement.name, points: achievement.points },
      );
      notify(
        userIndex,
        `achievement:${achievement.name}`,
        'achievement',
        earnedAt,
        `Achievement unlocked: ${achievement.name}`,
        achievement.description,
        { achievementId },
      );
    }
    const welcome = new Date(Math.max(windowStart.getTime() + DAY, user.createdAt.getTime()));
    notify(
      userIndex,
      'system:welcome',
      'system',
      welcome,
      'Welcome to Plastic Crack',
      'Track your collection, log painting sessions and share your progress.',
      {},
    );
    const reminderRng = Rng.for(seed, `reminder:${user.data.username}`);
    const wip = itemsByUser[userIndex]!.filter((i) => i.status > 0 && i.status < 6);
    if (wip.length > 0) {
      const item = reminderRng.pick(wip);
      notify(
        userIndex,
        'reminder:wip',
        'reminder',
        new Date(epoch.getTime() - reminderRng.int(1, 4) * DAY),
        'Your brush misses you',
        `${item.name} has been waiting at ${PAINTING_STATUSES[item.status]} for a while.`,
        { userModelId: item.id },
      );
    }
  });

  if (rows.activities.length > 0) {
    const times = rows.activities.map((a) => new Date(String(a.created_at)).getTime());
    rows.activityRange = [new Date(Math.min(...times)), new Date(Math.max(...times))];
  }
  return rows;
}

function wishlistUserModel(id: string, userId: string, entry: CatalogueEntry, createdAt: Date): Row {
  return {
    id,
    user_id: userId,
    model_id: entry.id,
    name: null,
    faction_id: null,
    game_system_id: null,
    points_value: null,
    quantity: 1,
    purchase_price: null,
    currency: entry.currency,
    purchase_date: null,
    purchase_location: null,
    painting_status: 'unpainted',
    painting_start_date: null,
    painting_completion_date: null,
    painting_time_minutes: 0,
    skill_assessment: null,
    color_scheme: null,
    techniques_used: [],
    notes: 'Tracking this one until it is back in stock.',
    tags: ['wishlist'],
    ai_generated_tags: [],
    is_showcase: false,
    is_wishlist: true,
    is_public: true,
    condition: 'new',
    location: null,
    like_count: 0,
    comment_count: 0,
    created_at: createdAt.toISOString(),
    updated_at: createdAt.toISOString(),
  };
}

/** users rows for the demo personas. */
export function userRows(seed: number, epoch: Date, users: readonly DemoUser[], passwordHash: string): Row[] {
  return users.map((user) => {
    const rng = Rng.for(seed, `user:${user.data.username}`);
    const demo = user.data.username === 'demo';
    return {
      id: user.id,
      email: `${user.data.username.replace(/_/g, '.')}@plasticcrack.local`,
      username: user.data.username,
      password_hash: passwordHash,
      first_name: user.data.firstName,
      last_name: user.data.lastName,
      bio: user.data.bio,
      location: user.data.location,
      avatar_url: null,
      email_verified: demo || rng.chance(0.85),
      is_active: true,
      is_admin: demo,
      is_premium: user.data.isPremium ?? false,
      privacy_setting: user.data.privacy,
      experience_level: user.data.experience,
      preferred_game_systems: user.data.systems,
      preferred_paint_brands: rng.sample(PAINT_BRANDS, rng.int(1, 3)),
      notification_preferences: {
        email: rng.chance(0.6),
        push: true,
        likes: true,
        comments: true,
        follows: !rng.chance(0.2),
        messages: true,
      },
      ai_preferences: { colourSuggestions: rng.chance(0.7), skillLevel: user.data.experience },
      created_at: user.createdAt.toISOString(),
      updated_at: user.createdAt.toISOString(),
      last_login_at: new Date(epoch.getTime() - rng.int(1, 72) * HOUR).toISOString(),
      last_sync_at: null,
    };
  });
}

/** When each demo user signed up (before anything they own). */
export function demoUserCreatedAt(seed: number, epoch: Date, username: string): Date {
  const rng = Rng.for(seed, `signup:${username}`);
  return new Date(epoch.getTime() - (1400 + rng.int(10, 400)) * DAY - rng.int(0, 23) * HOUR);
}
