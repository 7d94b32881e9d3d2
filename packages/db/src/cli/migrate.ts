import { migrate } from '../migrate.ts';
import { openCliDatabase } from './database.ts';

const server = await openCliDatabase();
try {
  const applied = await migrate(server.url);
  console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date');
} finally {
  await server.stop();
}
