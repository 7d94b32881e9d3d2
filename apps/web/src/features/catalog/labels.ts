import type { ModelTypeValue } from '@plastic-crack/api-contract';

export const MODEL_TYPE_LABELS: Record<ModelTypeValue, string> = {
  character: 'Character',
  troop: 'Troops',
  elite: 'Elites',
  fast_attack: 'Fast attack',
  heavy_support: 'Heavy support',
  dedicated_transport: 'Dedicated transport',
  lord_of_war: 'Lord of War',
  fortification: 'Fortification',
};

export const CATALOG_SORT_LABELS = {
  name: 'Name',
  points: 'Points',
  msrp: 'Price (MSRP)',
  releaseDate: 'Release date',
  newest: 'Newest added',
} as const;
