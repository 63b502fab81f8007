import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { dataSourceOptions } from './data-source-options';
import { PG_POOL } from './database.tokens';

/**
 * PostgreSQL access for the whole app: TypeORM (read models, migrations run at start-up) and a
 * raw pg Pool. The URL is resolved before Nest starts (DATABASE_URL or the embedded server, see
 * database-url.ts) so that nothing here needs to know which.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(url),
          migrationsRun: true,
          migrationsTransactionMode: 'each',
        }),
      ],
      providers: [
        {
          provide: PG_POOL,
          useFactory: (): Pool => {
            const pool = new Pool({
              connectionString: url,
              max: 20,
              application_name: 'servicetrail',
            });
            // An idle client's error (server restart) must not crash the process.
            pool.on('error', () => undefined);
            return pool;
          },
        },
      ],
      exports: [PG_POOL, TypeOrmModule],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
