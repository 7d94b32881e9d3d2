/**
 * The shared catalogue: game systems, factions, catalogue entries (kits and generated named
 * characters), retailers, their current prices and some price history. Rows only; demo.ts inserts them.
 */
import { FACTIONS, GAME_SYSTEMS, type FactionData, type Kit, MODEL_TYPES } from './data/catalogue-data.ts';
import { seedId } from './ids.ts';
import { catalogueDescription, characterName, loreDescription, rulesText } from './names.ts';
import { Rng } from './random.ts';
import { type Row } from './sql.ts';
import { DAY, isoDate } from './time.ts';

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface CatalogueEntry {
  id: string;
  slug: string;
  name: string;
  factionId: string;
  gameSystemId: string;
  factionKey: string;
  systemSlug: string;
  modelType: string;
  msrp: number;
  currency: 'USD' | 'GBP';
  points: number | null;
  models: number;
  row: Row;
}

export interface FactionEntry {
  id: string;
  key: string; // `${systemSlug}/${slug}`
  slug: string;
  name: string;
  systemSlug: string;
  gameSystemId: string;
  data: FactionData;
}

export interface Catalogue {
  gameSystems: Row[];
  factions: FactionEntry[];
  entries: CatalogueEntry[];
}

const USD_PER_GBP = 1.27;

/** EAN-13 check digit. */
function ean13(first12: string): string {
  const sum = [...first12].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}

function material(rng: Rng, faction: FactionData, kit: Kit): string {
  if (faction.currency === 'GBP') return rng.chance(0.6) ? 'resin' : 'plastic';
  if (kit[1] === 'C' && rng.chance(0.2)) return 'resin';
  return 'plastic';
}

function keyword(kit: Kit): string {
  const base = kit[2];
  if (base === 'Hull' || base === 'Flying base') return 'vehicle';
  if (base === 'none') return 'terrain';
  if (/x\d+mm oval/.test(base) && Number(base.split('x')[0]) <= 90) return 'cavalry';
  const size = Number.parseFloat(base);
  return size >= 90 || base.includes('oval') ? 'monster' : 'infantry';
}

export function buildCatalogue(seed: number, epoch: Date): Catalogue {
  const gameSystems: Row[] = GAME_SYSTEMS.map((system, i) => ({
    id: seedId('game_system', system.slug),
    name: system.name,
    slug: system.slug,
    publisher: system.publisher,
    created_at: new Date(epoch.getTime() - (900 - i) * DAY).toISOString(),
    updated_at: new Date(epoch.getTime() - (900 - i) * DAY).toISOString(),
  }));
  const systemBySlug = new Map(GAME_SYSTEMS.map((system) => [system.slug, system]));

  const factions: FactionEntry[] = FACTIONS.map((data) => {
    const slug = slugify(data.name);
    return {
      id: seedId('faction', data.system, slug),
      key: `${data.system}/${slug}`,
      slug,
      name: data.name,
      systemSlug: data.system,
      gameSystemId: seedId('game_system', data.system),
      data,
    };
  });

  const entries: CatalogueEntry[] = [];
  const slugs = new Set<string>();
  let barcodeSerial = 10_000;
  const add = (faction: FactionEntry, kit: Kit, rng: Rng, named: boolean) => {
    const system = systemBySlug.get(faction.systemSlug)!;
    const [name, type, base, points, price, models = 1] = kit;
    const slug = `${faction.systemSlug === 'warhammer-40000' ? '40k' : faction.systemSlug}-${faction.slug}-${slugify(name)}`;
    if (slugs.has(slug)) return false;
    slugs.add(slug);
    const currency = faction.data.currency ?? 'USD';
    const mat = material(rng, faction.data, kit);
    const modelType = MODEL_TYPES[type];
    const tags = [faction.systemSlug, faction.slug, modelType.replace(/_/g, '-'), keyword(kit), mat];
    if (models > 1) tags.push('multipart');
    if (named) tags.push('named-character');
    if (faction.systemSlug === 'kill-team' && name.startsWith('Kill Team:')) tags.push('kill-team-box');
    const created = new Date(epoch.getTime() - (700 - (entries.length % 600)) * DAY);
    const release = new Date(
      Date.UTC(2012, 0, 1) + rng.int(0, Math.floor((epoch.getTime() - Date.UTC(2012, 0, 31)) / DAY)) * DAY,
    );
    const discontinued = release.getUTCFullYear() < 2018 && rng.chance(0.25);
    const id = seedId('catalogue', slug);
    const heightMm = keyword(kit) === 'infantry' ? rng.int(28, 45) : rng.int(50, 220);
    entries.push({
      id,
      slug,
      name,
      factionId: faction.id,
      gameSystemId: faction.gameSystemId,
      factionKey: faction.key,
      systemSlug: faction.systemSlug,
      modelType,
      msrp: price,
      currency,
      points,
      models,
      row: {
        id,
        name,
        slug,
        faction_id: faction.id,
        game_system_id: faction.gameSystemId,
        manufacturer: mat === 'resin' && currency === 'GBP' ? 'Forge World' : 'Games Workshop',
        model_type: modelType,
        msrp: price,
        currency,
        release_date: isoDate(release),
        discontinued,
        barcode: ean13(`5011921${String(barcodeSerial++).padStart(5, '0')}`),
        description: catalogueDescription(rng, kit, faction.data, system, mat),
        lore_description: loreDescription(rng, name, faction.data, models > 1),
        images: [],
        dimensions: { height_mm: heightMm, base, models_in_box: models },
        base_size: base === 'none' ? null : base,
        points_value: points,
        rules_text: rulesText(rng, kit, system),
        tags,
        ai_metadata: {
          palette: rng.sample(faction.data.colours, 3),
          difficulty: rng.pick(['beginner', 'intermediate', 'advanced']),
        },
        created_at: created.toISOString(),
        updated_at: created.toISOString(),
      },
    });
    return true;
  };

  for (const faction of factions) {
    const rng = Rng.for(seed, `catalogue:${faction.key}`);
    for (const kit of faction.data.kits) add(faction, kit, rng, false);
    // Named characters in the faction's naming style (the catalogue's own heroes).
    const wanted = faction.systemSlug === 'kill-team' ? 1 : 3;
    for (let made = 0, tries = 0; made < wanted && tries < 20; tries++) {
      const name = characterName(rng, faction.data);
      const base =
        faction.systemSlug === 'age-of-sigmar'
          ? rng.pick(['40mm', '50mm', '60mm'])
          : rng.pick(['32mm', '40mm', '50mm']);
      const kit: Kit = [
        name,
        'C',
        base,
        faction.systemSlug === 'kill-team' ? null : rng.int(6, 24) * 5,
        rng.int(30, 55),
        1,
      ];
      if (add(faction, kit, rng, true)) made++;
    }
  }
  return { gameSystems, factions, entries };
}

export interface RetailerData {
  id: string;
  name: string;
  domain: string;
  country: string;
  currency: 'USD' | 'GBP' | 'EUR';
  discount: readonly [number, number];
}

export const RETAILERS: readonly RetailerData[] = [
  {
    id: seedId('retailer', 'warpgatehobbies.example'),
    name: 'Warpgate Hobbies',
    domain: 'warpgatehobbies.example',
    country: 'US',
    currency: 'USD',
    discount: [0.1, 0.2],
  },
  {
    id: seedId('retailer', 'theplasticvault.example'),
    name: 'The Plastic Vault',
    domain: 'theplasticvault.example',
    country: 'US',
    currency: 'USD',
    discount: [0.05, 0.15],
  },
  {
    id: seedId('retailer', 'brushfiregames.example'),
    name: 'Brushfire Games',
    domain: 'brushfiregames.example',
    country: 'GB',
    currency: 'GBP',
    discount: [0.15, 0.22],
  },
  {
    id: seedId('retailer', 'dicehammer.example'),
    name: 'Dicehammer Direct',
    domain: 'dicehammer.example',
    country: 'GB',
    currency: 'GBP',
    discount: [0.1, 0.18],
  },
  {
    id: seedId('retailer', 'realmgate-minis.example'),
    name: 'Realmgate Minis',
    domain: 'realmgate-minis.example',
    country: 'DE',
    currency: 'EUR',
    discount: [0.08, 0.15],
  },
];

export function retailerRows(seed: number, epoch: Date): Row[] {
  const rng = Rng.for(seed, 'retailers');
  return RETAILERS.map((retailer, i) => ({
    id: retailer.id,
    name: retailer.name,
    domain: retailer.domain,
    country_code: retailer.country,
    currency: retailer.currency,
    affiliate_program: i % 2 === 0,
    scraping_enabled: true,
    api_integration: i === 0,
    reliability_score: rng.money(0.82, 0.99),
    last_scraped_at: new Date(epoch.getTime() - rng.int(1, 12) * 3600_000).toISOString(),
    created_at: new Date(epoch.getTime() - (600 - i) * DAY).toISOString(),
  }));
}

function convert(amount: number, from: 'USD' | 'GBP', to: RetailerData['currency']): number {
  const usd = from === 'USD' ? amount : amount * USD_PER_GBP;
  const value = to === 'USD' ? usd : to === 'GBP' ? usd / USD_PER_GBP : usd * 0.93;
  return Math.round(value * 100) / 100;
}

/** current_prices for every entry at 2–4 retailers, and weekly price_history for one entry in four. */
export function priceRows(
  seed: number,
  epoch: Date,
  entries: readonly CatalogueEntry[],
  retailerIds: Map<string, string>,
) {
  const current: Row[] = [];
  const history: Row[] = [];
  for (const entry of entries) {
    const rng = Rng.for(seed, `prices:${entry.slug}`);
    const sellers = rng.sample(RETAILERS, rng.int(2, 4));
    const tracked = rng.chance(0.25);
    for (const retailer of sellers) {
      const retailerId = retailerIds.get(retailer.domain) ?? retailer.id;
      const list = convert(entry.msrp, entry.currency, retailer.currency);
      const discount = rng.money(retailer.discount[0], retailer.discount[1]);
      const onSale = rng.chance(0.15);
      const effective = onSale ? Math.min(0.4, discount + rng.money(0.05, 0.15)) : discount;
      const stock = rng.weighted([
        ['in_stock', 70],
        ['limited', 12],
        ['out_of_stock', 8],
        ['pre_order', 4],
        ['unknown', 6],
      ] as const);
      current.push({
        id: seedId('current_price', entry.slug, retailer.domain),
        model_id: entry.id,
        retailer_id: retailerId,
        price: Math.round(list * (1 - effective) * 100) / 100,
        currency: retailer.currency,
        stock_status: stock,
        product_url: `https://${retailer.domain}/products/${entry.slug}`,
        last_updated: new Date(epoch.getTime() - rng.int(1, 72) * 3600_000).toISOString(),
        is_on_sale: onSale,
        discount_percentage: onSale ? Math.round(effective * 10000) / 100 : null,
      });
      if (!tracked) continue;
      for (let week = 12; week >= 1; week--) {
        const wobble = rng.money(-0.05, 0.05);
        history.push({
          id: seedId('price_history', entry.slug, retailer.domain, week),
          model_id: entry.id,
          retailer_id: retailerId,
          price: Math.round(list * (1 - discount + wobble) * 100) / 100,
          currency: retailer.currency,
          stock_status: rng.chance(0.9) ? 'in_stock' : 'limited',
          recorded_at: new Date(epoch.getTime() - week * 7 * DAY - rng.int(0, 23) * 3600_000).toISOString(),
        });
      }
    }
  }
  return { current, history };
}
