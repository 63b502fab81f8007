import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { CLOCK, type Clock } from '../platform/time/clock';
import { ApiKeyEntity } from './api-key.entity';
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key-token';

/** Serialises bootstrap across instances starting at the same time on one database. */
const BOOTSTRAP_LOCK = 'servicetrail.auth.bootstrap';
export const BOOTSTRAP_CREATOR = 'bootstrap';
export const BOOTSTRAP_PRINCIPAL = 'admin';

/**
 * Makes sure an administrator can always get in.
 *
 * - `ADMIN_API_KEY` set: it is stored (hashed) as an admin key unless already stored, whether or
 *   not other keys exist, so a configured key always works. The exception is a configured key an
 *   admin has revoked: it stays revoked (undoing a revocation on restart would defeat it); to
 *   recover, configure a different value.
 * - `ADMIN_API_KEY` unset and no keys at all (revoked ones count): a key is generated and printed
 *   once to stdout. Later starts find a key and print nothing.
 *
 * A transaction-scoped advisory lock makes two instances starting together agree: the second
 * waits, then sees the first one's key.
 */
@Injectable()
export class AdminKeyBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const generated = await this.ensureAdminKey();
    // Printed only after the commit, so a key that was never stored is never shown.
    if (generated !== undefined) {
      process.stdout.write(`Generated admin API key (shown once): ${generated}\n`);
    }
  }

  /** The plaintext of a newly generated key, to show once; undefined when none was generated. */
  async ensureAdminKey(): Promise<string | undefined> {
    const configured = this.config.adminApiKey;
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [BOOTSTRAP_LOCK]);
      if (configured !== undefined) {
        await this.storeConfiguredKey(manager, configured);
        return undefined;
      }
      if (await manager.exists(ApiKeyEntity)) return undefined;
      const key = generateApiKey();
      await this.insertAdminKey(manager, key.keyId, hashSecret(key.secret), 'Generated admin key');
      return key.token;
    });
  }

  private async storeConfiguredKey(manager: EntityManager, configured: string): Promise<void> {
    const parsed = parseApiKey(configured);
    if (!parsed) {
      throw new Error(
        'ADMIN_API_KEY cannot be used as a bearer token: use 24 to 512 printable ASCII characters without spaces',
      );
    }
    const existing = await manager.findOneBy(ApiKeyEntity, { id: parsed.keyId });
    if (!existing) {
      await this.insertAdminKey(manager, parsed.keyId, hashSecret(parsed.secret), 'ADMIN_API_KEY');
      this.logger.log(`stored ADMIN_API_KEY as admin API key ${parsed.keyId}`);
    } else if (!secretMatches(parsed.secret, existing.secretHash)) {
      this.logger.warn(
        `ADMIN_API_KEY names key id ${parsed.keyId}, which belongs to a different key; it will not authenticate`,
      );
    } else if (existing.revokedAt !== null) {
      this.logger.warn(
        `ADMIN_API_KEY (key ${parsed.keyId}) was revoked by an admin and stays revoked; configure a new value`,
      );
    }
  }

  private async insertAdminKey(
    manager: EntityManager,
    id: string,
    secretHash: string,
    name: string,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ApiKeyEntity)
      .values({
        id,
        secretHash,
        role: 'admin',
        principalId: BOOTSTRAP_PRINCIPAL,
        name,
        description: null,
        createdAt: this.clock.now(),
        createdBy: BOOTSTRAP_CREATOR,
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
      })
      .orIgnore()
      .execute();
  }
}
