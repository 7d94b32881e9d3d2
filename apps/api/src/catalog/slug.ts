import { randomBytes } from 'node:crypto';
import type { Db } from '@plastic-crack/db';

const BASE_MAX = 100;
const NUMBERED_CANDIDATES = 50;

/** "Ætherwing Scout – Mob (2024)" → "aetherwing-scout-mob-2024"; accents folded, the rest becomes dashes. */
// Letters NFKD does not split into a base letter and an accent.
const LIGATURES: Record<string, string> = {
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ß: 'ss',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ð: 'd',
};

export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[æœøßđłþð]/g, (letter) => LIGATURES[letter] ?? letter)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, BASE_MAX)
    .replace(/-+$/, '');
  return slug || 'entry';
}

/**
 * The first free of `base`, `base-2` … `base-50` (one query), else `base-<random>`. A concurrent
 * insert can still take it first: the caller retries on the unique violation.
 */
export async function freeSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name);
  const candidates = [base, ...Array.from({ length: NUMBERED_CANDIDATES - 1 }, (_, i) => `${base}-${i + 2}`)];
  const taken = await db.catalogModel.findMany({
    where: { slug: { in: candidates } },
    select: { slug: true },
  });
  const takenSet = new Set(taken.map((row) => row.slug));
  return candidates.find((slug) => !takenSet.has(slug)) ?? `${base}-${randomBytes(4).toString('hex')}`;
}
