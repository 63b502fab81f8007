import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * TypeORM options for the read models. Schema changes only through committed migrations, run at
 * start-up; `synchronize` stays off. Every feature keeps its entities in `*.entity.ts` and its
 * migrations in a `migrations/` folder; both are discovered by glob so slices need no central
 * registry.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  const src = path.resolve(__dirname, '..', '..');
  return {
    type: 'postgres',
    url,
    entities: [path.join(src, '**', '*.entity.{ts,js}')],
    migrations: [path.join(src, '**', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    extra: { max: 10, application_name: 'servicetrail' },
  };
}
