import { Link, useParams } from 'react-router';
import { Badge } from '../../components/ui/Badge.tsx';
import { Card } from '../../components/ui/Card.tsx';
import { ErrorState } from '../../components/ui/ErrorState.tsx';
import { PageHeader } from '../../components/ui/PageHeader.tsx';
import { Skeleton, SkeletonText } from '../../components/ui/Skeleton.tsx';
import { AddToCollectionButton } from '../../features/catalog/AddToCollectionButton.tsx';
import { MODEL_TYPE_LABELS } from '../../features/catalog/labels.ts';
import { formatMoney } from '../../features/collection/money.ts';
import { formatDate } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import '../../features/collection/collection.css';

const STOCK_LABELS: Record<string, string> = {
  in_stock: 'In stock',
  low_stock: 'Low stock',
  out_of_stock: 'Out of stock',
  pre_order: 'Pre-order',
  discontinued: 'Discontinued',
};

export function CatalogEntryPage() {
  const { slug = '' } = useParams();
  const entry = trpc.catalog.entry.useQuery({ slug }, { retry: false });

  if (entry.isPending)
    return (
      <div className="container pc-page stack" aria-busy="true">
        <title>Loading… · Plastic Crack</title>
        <Skeleton height="3rem" width="50%" />
        <div className="pc-two-col">
          <Skeleton height="20rem" />
          <SkeletonText lines={6} />
        </div>
      </div>
    );
  if (entry.isError)
    return (
      <div className="container pc-page">
        <title>Kit not found · Plastic Crack</title>
        <ErrorState
          error={entry.error}
          title="Couldn't open this kit"
          onRetry={() => void entry.refetch()}
          retrying={entry.isFetching}
          headingLevel={1}
          actions={<Link to="/catalog">Back to the catalogue</Link>}
        />
      </div>
    );

  const e = entry.data;
  const d = e.dimensions;
  const size = d ? [d.heightMm, d.widthMm, d.depthMm].filter((v) => v !== undefined) : [];
  return (
    <div
      className="container pc-page stack"
      style={{ '--stack-gap': 'var(--space-6)' } as React.CSSProperties}
    >
      <title>{`${e.name} · Catalogue · Plastic Crack`}</title>
      <nav aria-label="Breadcrumb" className="muted">
        <Link to="/catalog">Catalogue</Link>
        {e.gameSystem ? (
          <>
            {' / '}
            <Link to={`/catalog?system=${e.gameSystem.slug}`}>{e.gameSystem.name}</Link>
          </>
        ) : null}
        {e.gameSystem && e.faction ? (
          <>
            {' / '}
            <Link to={`/catalog?system=${e.gameSystem.slug}&faction=${e.faction.id}`}>{e.faction.name}</Link>
          </>
        ) : null}
      </nav>
      <PageHeader
        eyebrow={e.manufacturer ?? e.gameSystem?.name ?? 'Catalogue'}
        title={e.name}
        description={e.description ?? undefined}
        actions={<AddToCollectionButton modelId={e.id} name={e.name} />}
      />
      <div className="pc-two-col">
        <div className="stack">
          {e.images.length > 0 ? (
            <ul className="pc-gallery" aria-label="Images">
              {e.images.map((url, i) => (
                <li key={url}>
                  <a href={url} target="_blank" rel="noreferrer">
                    <img src={url} alt={`${e.name}, image ${i + 1} of ${e.images.length}`} loading="lazy" />
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <Card tone="sunken" padding="lg">
              <p className="muted">No images of this kit yet.</p>
            </Card>
          )}
          {e.loreDescription ? (
            <Card as="section" padding="md" aria-labelledby="lore-heading">
              <h2 id="lore-heading">Lore</h2>
              <p className="pc-prose">{e.loreDescription}</p>
            </Card>
          ) : null}
          {e.rulesText ? (
            <Card as="section" padding="md" aria-labelledby="rules-heading">
              <h2 id="rules-heading">Rules</h2>
              <p className="pc-prose">{e.rulesText}</p>
            </Card>
          ) : null}
        </div>
        <div className="stack">
          <Card as="section" padding="md" aria-labelledby="facts-heading">
            <h2 id="facts-heading">Details</h2>
            <dl className="pc-facts">
              <dt>Points</dt>
              <dd data-testid="entry-points">{e.pointsValue ?? '—'}</dd>
              <dt>MSRP</dt>
              <dd>{e.msrp !== null ? formatMoney(e.msrp, e.currency) : '—'}</dd>
              <dt>Unit type</dt>
              <dd>{e.modelType ? MODEL_TYPE_LABELS[e.modelType] : '—'}</dd>
              <dt>Base size</dt>
              <dd>{e.baseSize ?? '—'}</dd>
              <dt>Dimensions</dt>
              <dd>{size.length > 0 ? `${size.join(' × ')} mm` : '—'}</dd>
              {d?.modelsInBox ? (
                <>
                  <dt>Models in box</dt>
                  <dd>{d.modelsInBox}</dd>
                </>
              ) : null}
              <dt>Released</dt>
              <dd>{e.releaseDate ? formatDate(e.releaseDate) : '—'}</dd>
              {e.barcode ? (
                <>
                  <dt>Barcode</dt>
                  <dd>{e.barcode}</dd>
                </>
              ) : null}
            </dl>
            <div className="cluster" style={{ marginTop: 'var(--space-3)' }}>
              {e.discontinued ? <Badge tone="warning">Discontinued</Badge> : null}
              {e.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </div>
          </Card>
          <Card as="section" padding="md" aria-labelledby="prices-heading">
            <h2 id="prices-heading">Prices</h2>
            {e.prices.length === 0 ? (
              <p className="muted">No retailer prices tracked for this kit yet.</p>
            ) : (
              <div className="pc-table-wrap">
                <table className="pc-table">
                  <thead>
                    <tr>
                      <th scope="col">Retailer</th>
                      <th scope="col" className="pc-num">
                        Price
                      </th>
                      <th scope="col">Stock</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.prices.map((p) => (
                      <tr key={p.retailer.id}>
                        <td>
                          {p.productUrl ? (
                            <a href={p.productUrl} target="_blank" rel="noreferrer">
                              {p.retailer.name}
                            </a>
                          ) : (
                            p.retailer.name
                          )}
                        </td>
                        <td className="pc-num">
                          {formatMoney(p.price, p.currency)}
                          {p.isOnSale && p.discountPercentage ? (
                            <Badge tone="success" size="sm">{`−${p.discountPercentage}%`}</Badge>
                          ) : null}
                        </td>
                        <td>{STOCK_LABELS[p.stockStatus] ?? p.stockStatus}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
