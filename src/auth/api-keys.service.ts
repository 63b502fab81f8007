import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { CLOCK, type Clock } from '../platform/time/clock';
import { ApiKeyEntity } from './api-key.entity';
import {
  generateApiKey,
  hashSecret,
  parseApiKey,
  secretMatchesDigest,
  storedHashDigest,
} from './api-key-token';
import { toApiKeyView, type ApiKeyView } from './api-key.view';
import { ApiKeyNotFoundError, InvalidCursorError, LastAdminKeyError } from './api-keys.errors';
import { ExpiringCache } from './expiring-cache';
import type { Principal, Role } from './principal';

/**
 * How long a verified key is trusted from memory. This is the revocation bound: a key revoked
 * through another instance (or directly in the database) keeps working here for at most this
 * long. A revocation through this instance takes effect here at once.
 */
export const API_KEY_CACHE_TTL_MS = 30_000;
export const API_KEY_CACHE_MAX_ENTRIES = 10_000;
/** `last_used_at` is coarse on purpose: at most one write per key, per instance, per minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Serialises revocations so two admins cannot concurrently revoke the last two admin keys. */
const REVOCATION_LOCK = 'servicetrail.auth.revoke';

export interface NewApiKey {
  readonly role: Role;
  readonly principalId: string;
  readonly name: string;
  readonly description?: string;
}

export interface CreatedApiKey {
  /** The plaintext `st_…` key: returned once, never stored, never retrievable again. */
  readonly key: string;
  readonly apiKey: ApiKeyView;
}

export interface ApiKeyPage {
  readonly items: readonly ApiKeyView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export type Authentication =
  | { readonly outcome: 'authenticated'; readonly principal: Principal }
  | { readonly outcome: 'malformed' | 'unknown' | 'revoked' };

interface CachedKey {
  /** The stored SHA-256, decoded once per cache fill rather than per request. */
  readonly secretHash: Buffer;
  readonly principal: Principal;
  readonly revoked: boolean;
  lastUsedAt: number | null;
}

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('Auth');
  private readonly cache = new ExpiringCache<CachedKey>(
    API_KEY_CACHE_TTL_MS,
    API_KEY_CACHE_MAX_ENTRIES,
  );

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Resolves a bearer token to its principal. Unknown id and wrong secret are both `unknown`. */
  async authenticate(token: string): Promise<Authentication> {
    const parsed = parseApiKey(token);
    if (!parsed) return { outcome: 'malformed' };
    const now = this.clock.now();
    let key = this.cache.get(parsed.keyId, now.getTime());
    if (!key) {
      const row = await this.keys.findOneBy({ id: parsed.keyId });
      if (!row) return { outcome: 'unknown' };
      key = {
        secretHash: storedHashDigest(row.secretHash),
        principal: { keyId: row.id, role: row.role, principalId: row.principalId },
        revoked: row.revokedAt !== null,
        lastUsedAt: row.lastUsedAt?.getTime() ?? null,
      };
      this.cache.set(parsed.keyId, key, now.getTime());
    }
    if (!secretMatchesDigest(parsed.secret, key.secretHash)) return { outcome: 'unknown' };
    if (key.revoked) return { outcome: 'revoked' };
    await this.recordUse(key, now);
    return { outcome: 'authenticated', principal: key.principal };
  }

  async create(input: NewApiKey, createdBy: Principal): Promise<CreatedApiKey> {
    const generated = generateApiKey();
    const row = this.keys.create({
      id: generated.keyId,
      secretHash: hashSecret(generated.secret),
      role: input.role,
      principalId: input.principalId,
      name: input.name,
      description: input.description ?? null,
      createdAt: this.clock.now(),
      createdBy: createdBy.principalId,
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
    });
    await this.keys.insert(row);
    return { key: generated.token, apiKey: toApiKeyView(row) };
  }

  async get(id: string): Promise<ApiKeyView | undefined> {
    const row = await this.keys.findOneBy({ id });
    return row ? toApiKeyView(row) : undefined;
  }

  /**
   * Oldest first, by (created_at, id): a keyset, so pages stay stable while keys are created
   * (new keys land after every existing cursor) or revoked (rows never move).
   */
  async list(options: { limit: number; cursor?: string }): Promise<ApiKeyPage> {
    const query = this.keys
      .createQueryBuilder('k')
      .orderBy('k.createdAt', 'ASC')
      .addOrderBy('k.id', 'ASC')
      .limit(options.limit + 1);
    if (options.cursor !== undefined) {
      const after = decodeCursor(options.cursor);
      query.where('(k.created_at, k.id) > (:createdAt, :id)', after);
    }
    const rows = await query.getMany();
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toApiKeyView),
      nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null,
    };
  }

  /**
   * Revokes a key (idempotent: revoking a revoked key returns it unchanged). The last active
   * admin key cannot be revoked, or nobody could administer keys any more.
   */
  async revoke(id: string, revokedBy: Principal): Promise<ApiKeyView> {
    try {
      return await this.keys.manager.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [REVOCATION_LOCK]);
        const row = await manager.findOneBy(ApiKeyEntity, { id });
        if (!row) throw new ApiKeyNotFoundError(id);
        if (row.revokedAt !== null) return toApiKeyView(row);
        if (row.role === 'admin') {
          const activeAdmins = await manager.countBy(ApiKeyEntity, {
            role: 'admin',
            revokedAt: IsNull(),
          });
          if (activeAdmins <= 1) throw new LastAdminKeyError(id);
        }
        row.revokedAt = this.clock.now();
        row.revokedBy = revokedBy.principalId;
        await manager.update(
          ApiKeyEntity,
          { id },
          { revokedAt: row.revokedAt, revokedBy: row.revokedBy },
        );
        return toApiKeyView(row);
      });
    } finally {
      // After the commit, so this instance never re-reads the key as active.
      this.cache.delete(id);
    }
  }

  private async recordUse(key: CachedKey, now: Date): Promise<void> {
    if (key.lastUsedAt !== null && now.getTime() - key.lastUsedAt < LAST_USED_RESOLUTION_MS) {
      return;
    }
    key.lastUsedAt = now.getTime();
    try {
      await this.keys
        .createQueryBuilder()
        .update(ApiKeyEntity)
        .set({ lastUsedAt: now })
        .where('id = :id AND (last_used_at IS NULL OR last_used_at < :now)', {
          id: key.principal.keyId,
          now,
        })
        .execute();
    } catch (error) {
      // Bookkeeping only: a failed write must not turn a valid request away.
      this.logger.warn(`could not record use of API key ${key.principal.keyId}: ${String(error)}`);
    }
  }
}

function encodeCursor(row: ApiKeyEntity): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    typeof decoded[0] !== 'string' ||
    typeof decoded[1] !== 'string'
  ) {
    throw new InvalidCursorError();
  }
  const createdAt = new Date(decoded[0]);
  if (Number.isNaN(createdAt.getTime())) throw new InvalidCursorError();
  return { createdAt, id: decoded[1] };
}
