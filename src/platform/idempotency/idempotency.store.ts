import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CLOCK, type Clock } from '../time/clock';

/**
 * How long an in-flight record blocks its key. Past this, the request that took it is presumed
 * dead (process killed mid-request) and a retry may take the key over.
 */
export const IN_FLIGHT_TAKEOVER_MS = 60_000;

export interface IdempotencyScope {
  /** Whose key it is: the API key id, or `anonymous` on public routes. */
  readonly scope: string;
  readonly method: string;
  /** The route pattern, e.g. `/tickets/:id/replies`. */
  readonly route: string;
  readonly key: string;
}

export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The exact payload sent, or null for an empty body. */
  readonly body: string | null;
}

export type BeginOutcome =
  | { readonly kind: 'acquired'; readonly lockToken: string }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in_flight' };

interface ExistingRow {
  fingerprint: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
}

const PK = 'scope = $1 AND method = $2 AND route = $3 AND idempotency_key = $4';

/** The idempotency_keys table (see the migration). Times come from the injected clock. */
@Injectable()
export class IdempotencyStore {
  private readonly ttlMs: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.idempotencyKeyTtlHours * 3_600_000;
  }

  /**
   * Claims the key for a request with this fingerprint, or says why not. Atomic: of concurrent
   * requests with one key, exactly one acquires it. An expired record, or an in-flight one
   * abandoned for IN_FLIGHT_TAKEOVER_MS by an identical request, is taken over.
   */
  async begin(id: IdempotencyScope, fingerprint: string): Promise<BeginOutcome> {
    // Another request may release the key between our two statements: try again (bounded).
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.clock.now();
      const lockToken = randomUUID();
      const claimed: unknown[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys AS k
           (scope, method, route, idempotency_key, fingerprint, state, lock_token,
            created_at, locked_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, 'in_flight', $6, $7, $7, $8)
         ON CONFLICT (scope, method, route, idempotency_key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight',
               lock_token = EXCLUDED.lock_token, created_at = EXCLUDED.created_at,
               locked_at = EXCLUDED.locked_at, expires_at = EXCLUDED.expires_at,
               response_status = NULL, response_headers = NULL, response_body = NULL
           WHERE k.expires_at <= EXCLUDED.locked_at
              OR (k.state = 'in_flight' AND k.locked_at <= $9
                  AND k.fingerprint = EXCLUDED.fingerprint)
         RETURNING lock_token`,
        [
          id.scope,
          id.method,
          id.route,
          id.key,
          fingerprint,
          lockToken,
          now,
          new Date(now.getTime() + this.ttlMs),
          new Date(now.getTime() - IN_FLIGHT_TAKEOVER_MS),
        ],
      );
      if (claimed.length === 1) return { kind: 'acquired', lockToken };

      const rows: ExistingRow[] = await this.dataSource.query(
        `SELECT fingerprint, state, response_status, response_headers, response_body
           FROM idempotency_keys WHERE ${PK}`,
        [id.scope, id.method, id.route, id.key],
      );
      const existing = rows[0];
      if (existing === undefined) continue;
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (existing.state === 'in_flight' || existing.response_status === null) {
        return { kind: 'in_flight' };
      }
      return {
        kind: 'replay',
        response: {
          status: existing.response_status,
          headers: existing.response_headers ?? {},
          body: existing.response_body,
        },
      };
    }
    return { kind: 'in_flight' };
  }

  /** Records the response of the request holding the key; kept for at least the TTL from now. */
  async complete(id: IdempotencyScope, lockToken: string, response: StoredResponse): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.query(
      `UPDATE idempotency_keys
          SET state = 'completed', response_status = $6, response_headers = $7,
              response_body = $8, expires_at = $9
        WHERE ${PK} AND lock_token = $5`,
      [
        id.scope,
        id.method,
        id.route,
        id.key,
        lockToken,
        response.status,
        JSON.stringify(response.headers),
        response.body,
        new Date(now.getTime() + this.ttlMs),
      ],
    );
  }

  /** Frees the key after a failed request, so the client may retry it. */
  async release(id: IdempotencyScope, lockToken: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE ${PK} AND lock_token = $5`, [
      id.scope,
      id.method,
      id.route,
      id.key,
      lockToken,
    ]);
  }

  /** Deletes at most `limit` expired records; returns how many. Cheap enough to run often. */
  async purgeExpired(limit: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys
        WHERE ctid = ANY (ARRAY(
          SELECT ctid FROM idempotency_keys WHERE expires_at <= $1 LIMIT $2))`,
      [this.clock.now(), limit],
    );
    return result[1];
  }
}
