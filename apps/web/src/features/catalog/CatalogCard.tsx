import type { RouterOutputs } from '@plastic-crack/api-contract';
import { Link } from 'react-router';
import { Badge } from '../../components/ui/Badge.tsx';
import { Card } from '../../components/ui/Card.tsx';
import { Icon } from '../../components/ui/Icon.tsx';
import { formatMoney } from '../collection/money.ts';
import '../collection/collection.css';

type Entry = RouterOutputs['catalog']['list']['items'][number];

export function CatalogCard({ entry }: { entry: Entry }) {
  return (
    <Card as="li" padding="sm" className="pc-item-card" data-testid="catalog-card">
      <div className="pc-item-card__media">
        {entry.thumbnailUrl ? (
          <img src={entry.thumbnailUrl} alt="" loading="lazy" />
        ) : (
          <Icon name="box" size={32} />
        )}
      </div>
      <h3 className="pc-item-card__title">
        <Link to={`/catalog/${entry.slug}`}>{entry.name}</Link>
      </h3>
      <p className="pc-item-card__meta">
        {[entry.gameSystem?.name, entry.faction?.name].filter(Boolean).join(' · ') || 'Unassigned'}
      </p>
      <div className="cluster" style={{ '--cluster-gap': 'var(--space-2)' } as React.CSSProperties}>
        {entry.pointsValue !== null ? <Badge tone="info">{entry.pointsValue} pts</Badge> : null}
        {entry.msrp !== null ? <Badge>{formatMoney(entry.msrp, entry.currency)}</Badge> : null}
        {entry.discontinued ? <Badge tone="warning">Discontinued</Badge> : null}
      </div>
    </Card>
  );
}
