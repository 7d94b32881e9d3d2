import { reset } from '../migrate.ts';
import { openCliDatabase } from './database.ts';

const server = await openCliDatabase();
try {
  const applied = await reset(server.url);
  console.log(`Rebuilt the database from zero: ${applied.length} migration(s) applied`);
} finally {
  await server.stop();
}
