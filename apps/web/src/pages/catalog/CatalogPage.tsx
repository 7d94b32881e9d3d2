import {
  CATALOG_SORT_FIELDS,
  MODEL_TYPES,
  type CatalogFilters,
  type ModelTypeValue,
} from '@plastic-crack/api-contract';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button.tsx';
import { Chip } from '../../components/ui/Badge.tsx';
import { EmptyState } from '../../components/ui/EmptyState.tsx';
import { ErrorState } from '../../components/ui/ErrorState.tsx';
import { Select, TextField } from '../../components/ui/Field.tsx';
import { PageHeader } from '../../components/ui/PageHeader.tsx';
import { Skeleton } from '../../components/ui/Skeleton.tsx';
import { CatalogCard } from '../../features/catalog/CatalogCard.tsx';
import { CATALOG_SORT_LABELS, MODEL_TYPE_LABELS } from '../../features/catalog/labels.ts';
import { useDebouncedValue } from '../../features/catalog/useDebouncedValue.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../features/collection/collection.css';

type SortField = (typeof CATALOG_SORT_FIELDS)[number];
const PAGE = 24;

/** The catalogue: game system → faction drill-down, filters, sort, search, "load more". */
export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const systemSlug = params.get('system') ?? '';
  const factionId = params.get('faction') ?? '';
  const sortParam = params.get('sort');
  const sort: SortField = (CATALOG_SORT_FIELDS as readonly string[]).includes(sortParam ?? '')
    ? (sortParam as SortField)
    : 'name';
  const direction = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const typeParam = params.get('type');
  const modelType = (MODEL_TYPES as readonly string[]).includes(typeParam ?? '')
    ? (typeParam as ModelTypeValue)
    : undefined;
  const hideDiscontinued = params.get('current') === '1';
  const query = params.get('q') ?? '';
  const debounced = useDebouncedValue(query.trim(), 300);

  const update = (changes: Record<string, string | null>) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };

  const systems = trpc.catalog.gameSystems.useQuery(undefined, { staleTime: 5 * 60_000 });
  const system = systems.data?.find((s) => s.slug === systemSlug);
  const factions = trpc.catalog.factions.useQuery(
    { gameSystemSlug: systemSlug },
    { enabled: systemSlug !== '', staleTime: 5 * 60_000 },
  );

  const filters: CatalogFilters = {
    ...(system ? { gameSystemId: system.id } : {}),
    ...(factionId ? { factionId } : {}),
    ...(modelType ? { modelTypes: [modelType] } : {}),
    ...(hideDiscontinued ? { discontinued: false } : {}),
  };
  const waitingForSystem = systemSlug !== '' && !system;
  const searching = debounced.length > 0;

  const list = trpc.catalog.list.useInfiniteQuery(
    { filters, sort: { by: sort, direction }, limit: PAGE },
    { getNextPageParam: (last) => last.nextCursor, enabled: !searching && !waitingForSystem },
  );
  const search = trpc.catalog.search.useInfiniteQuery(
    {
      q: debounced,
      limit: PAGE,
      ...(system ? { gameSystemId: system.id } : {}),
      ...(factionId ? { factionId } : {}),
    },
    { getNextPageParam: (last) => last.nextCursor, enabled: searching && !waitingForSystem },
  );
  const active = searching ? search : list;
  const items = active.data?.pages.flatMap((page) => page.items) ?? [];
  const isFiltered = Boolean(systemSlug || factionId || modelType || hideDiscontinued || searching);

  return (
    <div
      className="container pc-page stack"
      style={{ '--stack-gap': 'var(--space-6)' } as React.CSSProperties}
    >
      <title>Catalogue · Plastic Crack</title>
      <PageHeader
        eyebrow="Browse"
        title="Catalogue"
        description="Every kit we know about, by game system and faction. Open one to see its points, price and rules, and add it to your collection."
      />

      <div role="search" className="stack" aria-label="Search and filter the catalogue">
        <TextField
          label="Search the catalogue"
          type="search"
          placeholder="e.g. Intercessors, Stormcast…"
          value={query}
          onChange={(event) => update({ q: event.target.value })}
          hint={searching ? 'Best matches first. Sorting applies when the search box is empty.' : undefined}
        />

        <nav aria-label="Game systems">
          {systems.isPending ? (
            <Skeleton height="2rem" width="60%" />
          ) : systems.isError ? (
            <ErrorState
              error={systems.error}
              title="Couldn't load game systems"
              onRetry={() => void systems.refetch()}
              retrying={systems.isFetching}
              headingLevel={2}
            />
          ) : (
            <div className="cluster" style={{ '--cluster-gap': 'var(--space-2)' } as React.CSSProperties}>
              <Chip selected={systemSlug === ''} onClick={() => update({ system: null, faction: null })}>
                All game systems
              </Chip>
              {systems.data.map((s) => (
                <Chip
                  key={s.id}
                  selected={s.slug === systemSlug}
                  onClick={() => update({ system: s.slug, faction: null })}
                >
                  {s.name} <span className="muted">({s.entryCount})</span>
                </Chip>
              ))}
            </div>
          )}
        </nav>

        {systemSlug ? (
          <nav aria-label={`Factions of ${system?.name ?? 'this game system'}`}>
            {factions.isPending ? (
              <Skeleton height="2rem" width="40%" />
            ) : factions.isError ? (
              <ErrorState
                error={factions.error}
                title="Couldn't load factions"
                onRetry={() => void factions.refetch()}
                retrying={factions.isFetching}
                headingLevel={2}
              />
            ) : factions.data.factions.length === 0 ? (
              <p className="muted">No factions in this game system yet.</p>
            ) : (
              <div className="cluster" style={{ '--cluster-gap': 'var(--space-2)' } as React.CSSProperties}>
                <Chip selected={factionId === ''} onClick={() => update({ faction: null })}>
                  All factions
                </Chip>
                {factions.data.factions.map((f) => (
                  <Chip key={f.id} selected={f.id === factionId} onClick={() => update({ faction: f.id })}>
                    {f.name} <span className="muted">({f.entryCount})</span>
                  </Chip>
                ))}
              </div>
            )}
          </nav>
        ) : null}

        <div className="pc-filters">
          <Select
            label="Unit type"
            value={modelType ?? ''}
            onChange={(event) => update({ type: event.target.value })}
            options={[
              { value: '', label: 'Any type' },
              ...MODEL_TYPES.map((type) => ({ value: type, label: MODEL_TYPE_LABELS[type] })),
            ]}
          />
          <Select
            label="Sort by"
            value={sort}
            disabled={searching}
            onChange={(event) => update({ sort: event.target.value === 'name' ? null : event.target.value })}
            options={CATALOG_SORT_FIELDS.map((field) => ({
              value: field,
              label: CATALOG_SORT_LABELS[field],
            }))}
          />
          <Select
            label="Order"
            value={direction}
            disabled={searching}
            onChange={(event) => update({ dir: event.target.value === 'asc' ? null : event.target.value })}
            options={[
              { value: 'asc', label: 'Ascending' },
              { value: 'desc', label: 'Descending' },
            ]}
          />
          <Select
            label="Availability"
            value={hideDiscontinued ? '1' : ''}
            onChange={(event) => update({ current: event.target.value })}
            options={[
              { value: '', label: 'All kits' },
              { value: '1', label: 'Still sold' },
            ]}
          />
        </div>
      </div>

      <section aria-labelledby="results-heading" className="stack" aria-busy={active.isFetching}>
        <h2 id="results-heading" className="visually-hidden">
          Results
        </h2>
        {active.isPending && (searching || !waitingForSystem) ? (
          <ul className="pc-item-grid" aria-label="Loading catalogue">
            {Array.from({ length: 8 }, (_, n) => (
              <li key={n}>
                <Skeleton height="14rem" />
              </li>
            ))}
          </ul>
        ) : active.isError ? (
          <ErrorState
            error={active.error}
            title="Couldn't load the catalogue"
            onRetry={() => void active.refetch()}
            retrying={active.isFetching}
            headingLevel={2}
          />
        ) : items.length === 0 ? (
          <EmptyState
            icon="search"
            headingLevel={2}
            title={searching ? `Nothing matches “${debounced}”` : 'No kits here yet'}
            description={
              isFiltered
                ? 'Try another spelling, or clear the filters to see the whole catalogue.'
                : 'The catalogue is empty. An administrator adds kits to it.'
            }
            action={
              isFiltered ? (
                <Button
                  variant="secondary"
                  onClick={() => setParams(new URLSearchParams(), { replace: true })}
                >
                  Clear search and filters
                </Button>
              ) : undefined
            }
          />
        ) : (
          <>
            <p className="muted" role="status">
              Showing {items.length} {items.length === 1 ? 'kit' : 'kits'}
              {active.hasNextPage ? ' so far' : ''}
            </p>
            <ul className="pc-item-grid">
              {items.map((entry) => (
                <CatalogCard key={entry.id} entry={entry} />
              ))}
            </ul>
            {active.hasNextPage ? (
              <div className="cluster">
                <Button
                  variant="secondary"
                  loading={active.isFetchingNextPage}
                  onClick={() => void active.fetchNextPage()}
                >
                  Load more
                </Button>
              </div>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
