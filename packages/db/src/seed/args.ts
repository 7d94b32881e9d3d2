export const SEED_USAGE =
  'Usage: pnpm db:seed [--scale N]   (N: whole number of user_models, 1 to 5,000,000)';

/** Parses the db:seed command line; throws an Error whose message is fit for the user. */
export function parseSeedArgs(argv: readonly string[]): { scale: number | null } {
  let scale: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') throw new Error(SEED_USAGE);
    let value: string | undefined;
    if (arg === '--scale') value = argv[++i];
    else if (arg.startsWith('--scale=')) value = arg.slice('--scale='.length);
    else throw new Error(`Unknown argument ${JSON.stringify(arg)}.\n${SEED_USAGE}`);
    const text = (value ?? '').replace(/_/g, '');
    if (!/^\d+$/.test(text))
      throw new Error(`--scale needs a whole number, got ${JSON.stringify(value ?? '')}.\n${SEED_USAGE}`);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1 || n > 5_000_000) {
      throw new Error(`--scale must be between 1 and 5,000,000, got ${value}.\n${SEED_USAGE}`);
    }
    scale = n;
  }
  return { scale };
}
