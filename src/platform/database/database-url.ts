import type { AppConfig } from '../config/config';
import { EmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  readonly url: string;
  /** Present when we started the server and so must stop it on shutdown. */
  readonly embedded?: EmbeddedPostgres;
}

/** DATABASE_URL when set; otherwise start the embedded PostgreSQL in `<DATA_DIR>/postgres`. */
export async function resolveDatabase(
  config: AppConfig,
  log: (message: string) => void,
): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await EmbeddedPostgres.start({
    dataDir: config.dataDir,
    database: 'servicetrail',
    log,
  });
  return { url: embedded.url, embedded };
}
