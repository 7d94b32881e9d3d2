export { seedDemo, DEFAULT_SEED, type SeedDemoOptions, type SeedDemoResult } from './demo.ts';
export { seedScale, type SeedScaleOptions, type SeedScaleResult } from './scale.ts';
export { DEMO_PASSWORD, hashDemoPassword } from './password.ts';
export { DEMO_USERS } from './data/users-data.ts';
export { PAINTING_STATUSES } from './demo-data.ts';
export { uuidv5, seedId, scaleId } from './ids.ts';
export { Rng, mulberry32, hash32 } from './random.ts';
export { parseSeedArgs, SEED_USAGE } from './args.ts';
