export { createDb, type Db } from './client.ts';
export { openDatabaseServer, withDatabase, type DatabaseServer } from './database.ts';
export { migrate, reset, listMigrations } from './migrate.ts';
export {
  ensurePartitions,
  detachOldPartitions,
  PARTITIONED_TABLES,
  DEFAULT_MONTHS_AHEAD,
  type PartitionedTable,
} from './partitions.ts';
export * from './generated/prisma/client.ts';
