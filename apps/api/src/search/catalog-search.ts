import { z } from 'zod';
import { badInput } from '../errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/** Narrows a search to one game system and/or one faction. */
export interface CatalogSearchFilters {
  gameSystemId?: string | undefined;
  factionId?: string | undefined;
}

export interface CatalogSearchHit {
  id: string;
  /** Higher is better; comparable only within one implementation and one query. */
  score: number;
}

export interface CatalogSearchPage {
  /** Best first. */
  hits: CatalogSearchHit[];
  nextCursor: string | null;
}

/** What a search index needs to know about a catalogue entry (PostgreSQL reads its own rows). */
export interface CatalogSearchDocument {
  id: string;
  slug: string;
  name: string;
  gameSystemId: string | null;
  factionId: string | null;
  modelType: string | null;
  tags: string[];
  description: string | null;
  loreDescription: string | null;
  discontinued: boolean;
}

/**
 * The catalogue search box. PostgreSQL (full-text + pg_trgm) by default, Elasticsearch when
 * ELASTICSEARCH_URL is set; chosen once at start-up.
 */
export interface CatalogSearch {
  readonly kind: 'postgres' | 'elasticsearch';
  search(
    query: string,
    filters: CatalogSearchFilters,
    limit: number,
    cursor?: string,
  ): Promise<CatalogSearchPage>;
  /** Called after an entry is created or changed. PostgreSQL keeps its own index by trigger. */
  index(entry: CatalogSearchDocument): Promise<void>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

export const SEARCH_LIMIT_MAX = 50;
export const SEARCH_TERMS_MAX = 8;
const TERM_LENGTH_MAX = 50;

/**
 * The words of a query: letters and digits only, so they are safe inside a tsquery and mean the same
 * to both implementations. Punctuation separates words ("t'au" is "t" and "au").
 */
export function searchTerms(query: string): string[] {
  const words =
    query
      .toLowerCase()
      .normalize('NFC')
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  return [...new Set(words.map((word) => word.slice(0, TERM_LENGTH_MAX)))].slice(0, SEARCH_TERMS_MAX);
}

export function assertSearchLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMIT_MAX) {
    throw badInput(`Ask for 1 to ${SEARCH_LIMIT_MAX} results`, 'limit');
  }
}

/** A position in a ranked result list: the last hit's score and id (ties broken by id). */
const searchCursorShape = z.strictObject({ score: z.number(), id: z.guid() });
export type SearchCursor = z.infer<typeof searchCursorShape>;

export const encodeSearchCursor = (hit: CatalogSearchHit): string =>
  encodeCursor({ score: hit.score, id: hit.id });
export const decodeSearchCursor = (raw: string): SearchCursor => decodeCursor(raw, searchCursorShape);
