import {
  appSettingSchemas,
  type AppSettingKey,
  type AppSettings,
  type UpdateAppSettingInput,
} from '@plastic-crack/api-contract';
import type { Db, Prisma } from '@plastic-crack/db';
import type { Logger } from '../logger.ts';
import type { Bus } from './bus.ts';

/** What the product ships with; a row missing or holding a malformed value falls back to this. */
export const DEFAULT_APP_SETTINGS: AppSettings = {
  maintenance_mode: false,
  max_upload_size: 5 * 1024 * 1024,
  supported_image_types: ['jpg', 'jpeg', 'png', 'webp'],
};

const CHANGED_CHANNEL = 'app-settings:changed';
const SETTING_KEYS = Object.keys(appSettingSchemas) as AppSettingKey[];

export interface AppSettingRow<K extends AppSettingKey = AppSettingKey> {
  key: K;
  value: AppSettings[K];
  description: string | null;
  updatedAt: Date;
}

/**
 * Typed `app_settings`, cached briefly because every mutation reads maintenance_mode. A change is
 * announced on the bus so every node drops its copy at once instead of waiting out the cache.
 */
export class AppSettingsStore {
  private cached: { settings: AppSettings; loadedAt: number } | null = null;
  /** Bumped on every invalidation so a load that started before it does not refill the cache. */
  private generation = 0;
  private subscribed: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly ttlMs = 10_000,
  ) {}

  async get(): Promise<AppSettings> {
    this.subscribed ??= this.bus.subscribe(CHANGED_CHANNEL, () => this.invalidate());
    await this.subscribed;
    if (this.cached && Date.now() - this.cached.loadedAt < this.ttlMs) return this.cached.settings;
    const generation = this.generation;
    const settings = settingsFrom(await this.rows(), this.logger);
    if (generation === this.generation) this.cached = { settings, loadedAt: Date.now() };
    return settings;
  }

  /** Every known setting with its description, for the admin screen. */
  async list(): Promise<AppSettingRow[]> {
    const rows = new Map((await this.rows()).map((row) => [row.key, row]));
    const settings = settingsFrom([...rows.values()], this.logger);
    return SETTING_KEYS.map((key) => ({
      key,
      value: settings[key],
      description: rows.get(key)?.description ?? null,
      updatedAt: rows.get(key)?.updatedAt ?? new Date(0),
    }));
  }

  /** Writes a validated value in the caller's transaction; call `announceChange` after it commits. */
  async write(
    tx: Prisma.TransactionClient,
    change: UpdateAppSettingInput,
  ): Promise<{ oldValue: unknown; newValue: unknown }> {
    const before = await tx.appSetting.findUnique({ where: { key: change.key }, select: { value: true } });
    const value = change.value as Prisma.InputJsonValue;
    await tx.appSetting.upsert({
      where: { key: change.key },
      create: { key: change.key, value },
      update: { value, updatedAt: new Date() },
    });
    return { oldValue: before?.value ?? null, newValue: change.value };
  }

  async announceChange(): Promise<void> {
    this.invalidate(); // this node at once; the others when the bus delivers
    await this.bus.publish(CHANGED_CHANNEL, {});
  }

  private invalidate(): void {
    this.generation += 1;
    this.cached = null;
  }

  private rows() {
    return this.db.appSetting.findMany({ where: { key: { in: SETTING_KEYS } } });
  }
}

function settingsFrom(rows: { key: string; value: unknown }[], logger: Logger): AppSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_APP_SETTINGS };
  for (const row of rows) {
    const schema = appSettingSchemas[row.key as AppSettingKey];
    const parsed = schema?.safeParse(row.value);
    if (parsed?.success) settings[row.key] = parsed.data;
    else logger.warn({ key: row.key }, 'app setting has a malformed value; using the default');
  }
  return settings as AppSettings;
}
