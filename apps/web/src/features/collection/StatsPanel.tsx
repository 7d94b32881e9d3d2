import type { RouterOutputs } from '@plastic-crack/api-contract';
import { Card } from '../../components/ui/Card.tsx';
import { ErrorState } from '../../components/ui/ErrorState.tsx';
import { ProgressBar } from '../../components/ui/ProgressBar.tsx';
import { Skeleton } from '../../components/ui/Skeleton.tsx';
import { trpc } from '../../lib/trpc.ts';
import { formatMoney, formatPercent } from './money.ts';
import './collection.css';

type Stats = RouterOutputs['collection']['stats'];

/** Money is summed whatever the currency; show the one used, or none when several were. */
function money(amount: number, currencies: string[]): string {
  return currencies.length === 1 && currencies[0] ? formatMoney(amount, currencies[0]) : amount.toFixed(2);
}

export function StatsPanel() {
  const stats = trpc.collection.stats.useQuery({ months: 12 });
  if (stats.isPending)
    return (
      <div className="pc-stats" aria-busy="true" aria-label="Loading totals">
        {[0, 1, 2, 3].map((n) => (
          <Skeleton key={n} height="5.5rem" />
        ))}
      </div>
    );
  if (stats.isError)
    return (
      <ErrorState
        error={stats.error}
        title="Couldn't load your totals"
        onRetry={() => void stats.refetch()}
        retrying={stats.isFetching}
        size="md"
        headingLevel={2}
      />
    );
  const data = stats.data;
  return (
    <section aria-labelledby="totals-heading" className="stack">
      <h2 id="totals-heading" className="visually-hidden">
        Totals
      </h2>
      <dl className="pc-stats" data-testid="collection-stats">
        <Card padding="md" className="pc-stat">
          <dt>Models</dt>
          <dd data-testid="stat-models">{data.quantity}</dd>
          <span className="pc-stat__note">
            {data.items} {data.items === 1 ? 'entry' : 'entries'} · {data.factions}{' '}
            {data.factions === 1 ? 'faction' : 'factions'}
          </span>
        </Card>
        <Card padding="md" className="pc-stat">
          <dt>Painted</dt>
          <dd data-testid="stat-painted">{formatPercent(data.paintedShare)}</dd>
          <ProgressBar
            label="Painted share"
            hideLabel
            value={Math.round(data.paintedShare * 100)}
            tone="success"
            size="sm"
          />
        </Card>
        <Card padding="md" className="pc-stat">
          <dt>Money spent</dt>
          <dd data-testid="stat-spent">{money(data.spent, data.currencies)}</dd>
          {data.currencies.length > 1 ? (
            <span className="pc-stat__note">Mixed currencies: {data.currencies.join(', ')}</span>
          ) : null}
        </Card>
        <Card padding="md" className="pc-stat">
          <dt>Unpainted pile</dt>
          <dd data-testid="stat-unpainted">{data.unpainted.items}</dd>
          <span className="pc-stat__note">worth {money(data.unpainted.value, data.currencies)}</span>
        </Card>
      </dl>
      <StatsCharts stats={data} />
    </section>
  );
}

const W = 320;
const H = 140;
const PAD = 24;
/** Room on the left for the "100%" axis label. */
const LEFT = 36;

const monthLabel = (month: string) => {
  const [year, m] = month.split('-').map(Number);
  return new Date(year ?? 2000, (m ?? 1) - 1, 1).toLocaleDateString(undefined, { month: 'short' });
};

/** Painted share over time (line) and spend by month (bars), drawn as inline SVG. */
export function StatsCharts({ stats }: { stats: Stats }) {
  const share = stats.paintedShareByMonth;
  const spend = stats.spendByMonth;
  const step = share.length > 1 ? (W - LEFT - PAD) / (share.length - 1) : 0;
  const points = share
    .map((point, i) => `${LEFT + i * step},${H - PAD - point.paintedShare * (H - PAD * 2)}`)
    .join(' ');
  const maxSpend = Math.max(1, ...spend.map((m) => m.spent));
  const barWidth = spend.length > 0 ? (W - PAD * 2) / spend.length : 0;
  const currency = stats.currencies.length === 1 ? stats.currencies[0] : undefined;

  return (
    <div className="pc-charts">
      <Card padding="md" as="section" aria-labelledby="chart-share">
        <h3 id="chart-share" className="pc-chart__title">
          Painted share over time
        </h3>
        {share.length === 0 ? (
          <p className="muted">Nothing to chart yet.</p>
        ) : (
          <figure className="pc-chart">
            <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-share chart-share-desc">
              <desc id="chart-share-desc">
                {share.map((p) => `${monthLabel(p.month)}: ${formatPercent(p.paintedShare)}`).join(', ')}
              </desc>
              <line className="pc-chart__axis" x1={LEFT} x2={W - PAD} y1={H - PAD} y2={H - PAD} />
              <line className="pc-chart__grid" x1={LEFT} x2={W - PAD} y1={PAD} y2={PAD} />
              <text className="pc-chart__label" x={LEFT - 4} y={PAD + 4} textAnchor="end">
                100%
              </text>
              <text className="pc-chart__label" x={LEFT - 4} y={H - PAD + 4} textAnchor="end">
                0
              </text>
              <polyline className="pc-chart__line" points={points} />
              {share.map((p, i) => (
                <circle
                  key={p.month}
                  className="pc-chart__dot"
                  cx={LEFT + i * step}
                  cy={H - PAD - p.paintedShare * (H - PAD * 2)}
                  r={3}
                >
                  <title>{`${monthLabel(p.month)} ${p.month.slice(0, 4)}: ${formatPercent(p.paintedShare)} painted`}</title>
                </circle>
              ))}
              {share.map((p, i) =>
                i % 2 === 0 || share.length < 7 ? (
                  <text
                    key={`l-${p.month}`}
                    className="pc-chart__label"
                    x={LEFT + i * step}
                    y={H - 6}
                    textAnchor="middle"
                  >
                    {monthLabel(p.month)}
                  </text>
                ) : null,
              )}
            </svg>
          </figure>
        )}
      </Card>
      <Card padding="md" as="section" aria-labelledby="chart-spend">
        <h3 id="chart-spend" className="pc-chart__title">
          Spend by month
        </h3>
        {spend.every((m) => m.spent === 0) ? (
          <p className="muted">Add a purchase date and price to items to see your spending.</p>
        ) : (
          <figure className="pc-chart">
            <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-spend chart-spend-desc">
              <desc id="chart-spend-desc">
                {spend
                  .map(
                    (m) => `${monthLabel(m.month)}: ${currency ? formatMoney(m.spent, currency) : m.spent}`,
                  )
                  .join(', ')}
              </desc>
              <line className="pc-chart__axis" x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} />
              {spend.map((m, i) => {
                const height = (m.spent / maxSpend) * (H - PAD * 2);
                return (
                  <g key={m.month}>
                    <rect
                      className="pc-chart__bar"
                      x={PAD + i * barWidth + barWidth * 0.15}
                      width={barWidth * 0.7}
                      y={H - PAD - height}
                      height={height}
                    >
                      <title>{`${monthLabel(m.month)} ${m.month.slice(0, 4)}: ${currency ? formatMoney(m.spent, currency) : m.spent.toFixed(2)}`}</title>
                    </rect>
                    {i % 2 === 0 || spend.length < 7 ? (
                      <text
                        className="pc-chart__label"
                        x={PAD + i * barWidth + barWidth / 2}
                        y={H - 6}
                        textAnchor="middle"
                      >
                        {monthLabel(m.month)}
                      </text>
                    ) : null}
                  </g>
                );
              })}
            </svg>
          </figure>
        )}
      </Card>
    </div>
  );
}
