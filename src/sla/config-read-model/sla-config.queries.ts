import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SlaCalendarDefinition } from '../calendars/sla-calendar.definition';
import type { SlaPolicyDefinition } from '../policies/sla-policy.definition';
import { decodeSlaCursor, encodeSlaCursor } from '../shared/sla-params';

export interface ConfigRow<TDefinition> {
  readonly id: string;
  readonly version: number;
  readonly revision: bigint;
  readonly definition: TDefinition;
  readonly definedAt: string;
  readonly updatedAt: string;
}

export interface ConfigPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

interface RawRow {
  id: string;
  position?: number;
  definition: unknown;
  version: number;
  revision: string;
  defined_at: Date;
  updated_at: Date;
}

/** Reads of SlaConfigProjection's tables. */
@Injectable()
export class SlaConfigQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Calendars by id (keyset). */
  async calendars(
    limit: number,
    cursor?: string,
  ): Promise<ConfigPage<ConfigRow<SlaCalendarDefinition>>> {
    const params: unknown[] = [limit + 1];
    let where = '';
    if (cursor !== undefined) {
      const [id] = decodeSlaCursor(cursor, ['string']);
      params.push(id);
      where = 'WHERE calendar_id > $2';
    }
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT calendar_id AS id, definition, version, revision, defined_at, updated_at
       FROM sla_calendars ${where} ORDER BY calendar_id LIMIT $1`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toRow<SlaCalendarDefinition>(row)),
      nextCursor: rows.length > limit && last ? encodeSlaCursor([last.id]) : null,
    };
  }

  /** Policies in evaluation order (position, id), keyset. */
  async policies(
    limit: number,
    cursor?: string,
  ): Promise<ConfigPage<ConfigRow<SlaPolicyDefinition>>> {
    const params: unknown[] = [limit + 1];
    let where = '';
    if (cursor !== undefined) {
      const [position, id] = decodeSlaCursor(cursor, ['number', 'string']);
      params.push(position, id);
      where = 'WHERE (position, policy_id) > ($2, $3)';
    }
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT policy_id AS id, position, definition, version, revision, defined_at, updated_at
       FROM sla_policies ${where} ORDER BY position, policy_id LIMIT $1`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toRow<SlaPolicyDefinition>(row)),
      nextCursor:
        rows.length > limit && last ? encodeSlaCursor([last.position ?? 0, last.id]) : null,
    };
  }

  /**
   * Every policy in evaluation order and every calendar, with versions: what the SLA clocks match
   * a ticket against when its facts change. Unpaged: policies and calendars are configuration
   * (tens, not thousands), and a match needs them all.
   */
  async matchingConfig(): Promise<{
    readonly policies: readonly ConfigRow<SlaPolicyDefinition>[];
    readonly calendars: readonly ConfigRow<SlaCalendarDefinition>[];
  }> {
    const policies: RawRow[] = await this.dataSource.query(
      `SELECT policy_id AS id, position, definition, version, revision, defined_at, updated_at
       FROM sla_policies ORDER BY position, policy_id`,
    );
    const calendars: RawRow[] = await this.dataSource.query(
      `SELECT calendar_id AS id, definition, version, revision, defined_at, updated_at
       FROM sla_calendars ORDER BY calendar_id`,
    );
    return {
      policies: policies.map((row) => toRow<SlaPolicyDefinition>(row)),
      calendars: calendars.map((row) => toRow<SlaCalendarDefinition>(row)),
    };
  }
}

function toRow<TDefinition>(row: RawRow): ConfigRow<TDefinition> {
  return {
    id: row.id,
    version: row.version,
    revision: BigInt(row.revision),
    definition: row.definition as TDefinition,
    definedAt: row.defined_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
