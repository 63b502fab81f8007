import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Actor } from '../../../event-store/event-store.port';
import { PG_POOL } from '../../../platform/database/database.tokens';
import { decodeCursor, encodeCursor } from '../../../routing/shared/page-cursor';
import type { FollowUpChannel, FollowUpSource, FollowUpStatus } from '../follow-up.events';
import type { FollowUpSummaryResponse } from '../follow-up.response';

export interface FollowUpFilter {
  readonly status?: FollowUpStatus;
  readonly source?: FollowUpSource;
  readonly teamId?: string;
  readonly agentId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

interface FollowUpRow {
  follow_up_id: string;
  source: FollowUpSource;
  survey_id: string;
  ticket_id: string | null;
  customer_id: string;
  agent_id: string | null;
  team_id: string | null;
  score: number;
  comment: string | null;
  status: FollowUpStatus;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: Actor | null;
  contact_count: number;
  last_contact: { by: Actor; channel: FollowUpChannel; note: string | null; at: string } | null;
  resolved_at: Date | null;
  resolved_by: Actor | null;
  resolution: string | null;
  revision: string;
}

/** Reads of the `follow_ups` read model: oldest first, keyset pages over (raised_at, id). */
@Injectable()
export class FollowUpQueries {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async page(
    filter: FollowUpFilter,
  ): Promise<{ items: FollowUpSummaryResponse[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.source) add('source = ?', filter.source);
    if (filter.teamId) add('team_id = ?', filter.teamId);
    if (filter.agentId) add('agent_id = ?', filter.agentId);
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      params.push(after.at, after.id);
      where.push(`(raised_at, follow_up_id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit + 1);
    const { rows } = await this.pool.query<FollowUpRow>(
      `SELECT * FROM follow_ups ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY raised_at, follow_up_id LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, filter.limit);
    const last = items.at(-1);
    return {
      items: items.map(toSummary),
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor({ at: last.raised_at.toISOString(), id: last.follow_up_id })
          : null,
    };
  }
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());
const actor = (value: Actor | null): Actor | null =>
  value === null ? null : { type: value.type, id: value.id };

function toSummary(row: FollowUpRow): FollowUpSummaryResponse {
  return {
    id: row.follow_up_id,
    source: row.source,
    surveyId: row.survey_id,
    ticketId: row.ticket_id,
    customerId: row.customer_id,
    agentId: row.agent_id,
    teamId: row.team_id,
    score: row.score,
    comment: row.comment,
    status: row.status,
    raisedAt: row.raised_at.toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: actor(row.acknowledged_by),
    contactCount: row.contact_count,
    lastContact:
      row.last_contact === null
        ? null
        : {
            by: actor(row.last_contact.by) as Actor,
            channel: row.last_contact.channel,
            note: row.last_contact.note,
            at: row.last_contact.at,
          },
    resolvedAt: iso(row.resolved_at),
    resolvedBy: actor(row.resolved_by),
    resolution: row.resolution,
    revision: row.revision,
  };
}
