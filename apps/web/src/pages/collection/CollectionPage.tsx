import {
  COLLECTION_SORTS,
  PAINTING_STAGES,
  type CollectionFilters,
  type PaintingStage,
  type RouterOutputs,
} from '@plastic-crack/api-contract';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Badge, Chip } from '../../components/ui/Badge.tsx';
import { Button } from '../../components/ui/Button.tsx';
import { Card } from '../../components/ui/Card.tsx';
import { EmptyState } from '../../components/ui/EmptyState.tsx';
import { ErrorState } from '../../components/ui/ErrorState.tsx';
import { Select, TextField } from '../../components/ui/Field.tsx';
import { Icon } from '../../components/ui/Icon.tsx';
import { PageHeader } from '../../components/ui/PageHeader.tsx';
import { ProgressBar } from '../../components/ui/ProgressBar.tsx';
import { Skeleton } from '../../components/ui/Skeleton.tsx';
import { ButtonLink } from '../../components/ui/Button.tsx';
import { useDebouncedValue } from '../../features/catalog/useDebouncedValue.ts';
import { AddItemDialog } from '../../features/collection/AddItemDialog.tsx';
import { StageChip } from '../../features/collection/StageChip.tsx';
import { useCollectionList } from '../../features/collection/useStrictInfinite.ts';
import { StatsPanel } from '../../features/collection/StatsPanel.tsx';
import { formatMoney } from '../../features/collection/money.ts';
import { STAGE_LABELS, stageProgress } from '../../features/collection/stages.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../features/collection/collection.css';

type Item = RouterOutputs['collection']['list']['items'][number];
type SortField = (typeof COLLECTION_SORTS)[number];

const SORT_LABELS: Record<SortField, string> = {
  added: 'Recently added',
  name: 'Name',
  stage: 'Painting stage',
  purchaseDate: 'Purchase date',
  price: 'Price',
  points: 'Points',
};

export function CollectionPage() {
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const view = params.get('view') === 'table' ? 'table' : 'grid';
  const sortParam = params.get('sort') ?? 'added';
  const sort: SortField = (COLLECTION_SORTS as readonly string[]).includes(sortParam)
    ? (sortParam as SortField)
    : 'added';
  const stages = (params.get('stages') ?? '')
    .split(',')
    .filter((s): s is PaintingStage => (PAINTING_STAGES as readonly string[]).includes(s));
  const factionId = params.get('faction') ?? '';
  const systemId = params.get('system') ?? '';
  const tag = params.get('tag') ?? '';
  const searchText = params.get('q') ?? '';
  const search = useDebouncedValue(searchText.trim(), 300);
  const debouncedTag = useDebouncedValue(tag.trim().toLowerCase(), 300);

  const update = (changes: Record<string, string | null>) =>
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

  const filters: CollectionFilters = {
    ...(stages.length > 0 ? { stages } : {}),
    ...(factionId ? { factionIds: [factionId] } : {}),
    ...(systemId ? { gameSystemIds: [systemId] } : {}),
    ...(debouncedTag ? { tags: [debouncedTag] } : {}),
    ...(search ? { search } : {}),
  };
  const isFiltered = Object.keys(filters).length > 0;

  const list = useCollectionList({ filters, sort: { by: sort }, limit: 24 });
  const factionGroups = trpc.collection.groups.useQuery({ by: 'faction' });
  const systemGroups = trpc.collection.groups.useQuery({ by: 'gameSystem' });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const toggleStage = (stage: PaintingStage) => {
    const next = stages.includes(stage) ? stages.filter((s) => s !== stage) : [...stages, stage];
    update({ stages: next.join(',') });
  };

  return (
    <div
      className="container pc-page stack"
      style={{ '--stack-gap': 'var(--space-6)' } as React.CSSProperties}
    >
      <title>My collection · Plastic Crack</title>
      <PageHeader
        eyebrow="Hobby"
        title="My collection"
        description="Everything on your shelves and in your pile of shame, and how far each one is painted."
        actions={
          <div className="cluster">
            <ButtonLink to="/catalog" variant="secondary" iconStart="search">
              Browse catalogue
            </ButtonLink>
            <Button iconStart="plus" onClick={() => setAdding(true)}>
              Add item
            </Button>
          </div>
        }
      />
      <StatsPanel />

      <section aria-labelledby="items-heading" className="stack">
        <div className="cluster" style={{ justifyContent: 'space-between' }}>
          <h2 id="items-heading">Items</h2>
          <div className="cluster" role="group" aria-label="View">
            <Chip
              selected={view === 'grid'}
              aria-pressed={view === 'grid'}
              onClick={() => update({ view: null })}
            >
              Grid
            </Chip>
            <Chip
              selected={view === 'table'}
              aria-pressed={view === 'table'}
              onClick={() => update({ view: 'table' })}
            >
              Table
            </Chip>
          </div>
        </div>
        <div className="pc-filters" role="search" aria-label="Filter your collection">
          <TextField
            label="Search"
            type="search"
            value={searchText}
            onChange={(event) => update({ q: event.target.value })}
          />
          <Select
            label="Game system"
            value={systemId}
            onChange={(event) => update({ system: event.target.value })}
            options={[
              { value: '', label: 'All game systems' },
              ...(systemGroups.data?.groups ?? [])
                .filter((g) => g.key !== null)
                .map((g) => ({ value: g.key ?? '', label: `${g.label ?? 'Unknown'} (${g.items})` })),
            ]}
          />
          <Select
            label="Faction"
            value={factionId}
            onChange={(event) => update({ faction: event.target.value })}
            options={[
              { value: '', label: 'All factions' },
              ...(factionGroups.data?.groups ?? [])
                .filter((g) => g.key !== null)
                .map((g) => ({ value: g.key ?? '', label: `${g.label ?? 'Unknown'} (${g.items})` })),
            ]}
          />
          <TextField label="Tag" value={tag} onChange={(event) => update({ tag: event.target.value })} />
          <Select
            label="Sort by"
            value={sort}
            onChange={(event) => update({ sort: event.target.value === 'added' ? null : event.target.value })}
            options={COLLECTION_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          />
        </div>
        <fieldset className="pc-stage-filter">
          <legend>Painting stage</legend>
          {PAINTING_STAGES.map((stage) => (
            <Chip
              key={stage}
              selected={stages.includes(stage)}
              aria-pressed={stages.includes(stage)}
              onClick={() => toggleStage(stage)}
              className={`pc-stage--${stage}`}
            >
              {STAGE_LABELS[stage]}
            </Chip>
          ))}
        </fieldset>

        {list.isPending ? (
          <ul className="pc-item-grid" aria-label="Loading your collection">
            {Array.from({ length: 6 }, (_, n) => (
              <li key={n}>
                <Skeleton height="15rem" />
              </li>
            ))}
          </ul>
        ) : list.isError ? (
          <ErrorState
            error={list.error}
            title="Couldn't load your collection"
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
            headingLevel={3}
          />
        ) : items.length === 0 ? (
          isFiltered ? (
            <EmptyState
              icon="search"
              headingLevel={3}
              title="Nothing matches these filters"
              description="Loosen a filter or clear them all to see your whole collection."
              action={
                <Button
                  variant="secondary"
                  onClick={() => setParams(new URLSearchParams(), { replace: true })}
                >
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon="box"
              headingLevel={3}
              title="Your collection is empty"
              description="Add the kits you own — find them in the catalogue to get points and faction filled in, or add a custom item."
              action={
                <div className="cluster">
                  <ButtonLink to="/catalog" variant="secondary">
                    Browse the catalogue
                  </ButtonLink>
                  <Button iconStart="plus" onClick={() => setAdding(true)}>
                    Add your first item
                  </Button>
                </div>
              }
            />
          )
        ) : (
          <>
            {view === 'grid' ? <ItemGrid items={items} /> : <ItemTable items={items} />}
            {list.hasNextPage ? (
              <div className="cluster">
                <Button
                  variant="secondary"
                  loading={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  Load more
                </Button>
              </div>
            ) : null}
          </>
        )}
      </section>
      <AddItemDialog open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}

function priceOf(item: Item): string {
  const owner = item.ownerDetails;
  if (!owner || owner.purchasePrice === null) return '—';
  return formatMoney(owner.purchasePrice * item.quantity, owner.currency);
}

function ItemGrid({ items }: { items: Item[] }) {
  return (
    <ul className="pc-item-grid" data-testid="collection-grid">
      {items.map((item) => (
        <Card as="li" padding="sm" key={item.id} className="pc-item-card" data-testid="collection-item">
          <div className="pc-item-card__media">
            {item.thumbnailUrl ? (
              <img src={item.thumbnailUrl} alt="" loading="lazy" />
            ) : (
              <Icon name="box" size={32} />
            )}
          </div>
          <h3 className="pc-item-card__title">
            <Link to={`/collection/${item.id}`}>{item.name}</Link>
          </h3>
          <p className="pc-item-card__meta">
            {[item.gameSystem?.name, item.faction?.name].filter(Boolean).join(' · ') || 'Custom item'}
          </p>
          <div className="cluster" style={{ '--cluster-gap': 'var(--space-2)' } as React.CSSProperties}>
            <StageChip stage={item.paintingStatus} />
            {item.quantity > 1 ? <Badge>×{item.quantity}</Badge> : null}
            {item.pointsValue !== null ? <Badge tone="info">{item.pointsValue} pts</Badge> : null}
          </div>
          <ProgressBar
            label={`${item.name}: painting progress`}
            hideLabel
            value={stageProgress(item.paintingStatus)}
            size="sm"
            tone={stageProgress(item.paintingStatus) >= 85 ? 'success' : 'accent'}
          />
        </Card>
      ))}
    </ul>
  );
}

function ItemTable({ items }: { items: Item[] }) {
  return (
    <div className="pc-table-wrap">
      <table className="pc-table" data-testid="collection-table">
        <caption className="visually-hidden">Your collection</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Faction</th>
            <th scope="col">Stage</th>
            <th scope="col">Progress</th>
            <th scope="col" className="pc-num">
              Qty
            </th>
            <th scope="col" className="pc-num">
              Points
            </th>
            <th scope="col" className="pc-num">
              Paid
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid="collection-row">
              <th scope="row">
                <Link to={`/collection/${item.id}`}>{item.name}</Link>
              </th>
              <td>{item.faction?.name ?? '—'}</td>
              <td>
                <StageChip stage={item.paintingStatus} />
              </td>
              <td style={{ minWidth: '6rem' }}>
                <ProgressBar
                  label={`${item.name}: painting progress`}
                  hideLabel
                  value={stageProgress(item.paintingStatus)}
                  size="sm"
                />
              </td>
              <td className="pc-num">{item.quantity}</td>
              <td className="pc-num">{item.pointsValue ?? '—'}</td>
              <td className="pc-num">{priceOf(item)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
