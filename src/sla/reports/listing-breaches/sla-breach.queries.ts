import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validationProblem } from '../../../platform/http/validation';
import { decodeSlaCursor, encodeSlaCursor } from '../../shared/sla-params';
import { isoColumn } from '../shared/report-params';
import type { SlaBreachResponse } from './sla-breach.response';

export interface BreachFilter {
  /** Normalised ISO instants. */
  readonly from?: string;
  readonly to?: string;
  readonly teamId?: string;
  readonly agentId?: string;
  readonly priority?: string;
  readonly target?: string;
  readonly limit: number;
  readonly cursor?: string;
  readonly now: Date;
}

export interface BreachPage {
  readonly items: SlaBreachResponse[];
  readonly nextCursor: string | null;
}

interface RawBreach {
  ticket_id: string;
  cycle_id: string;
  target: string;
  policy_id: string;
  policy_version: number;
  target_seconds: number;
  started_at: string;
  due_at: string;
  breached_at: string;
  ended_at: string | null;
  overdue_seconds: string;
  team_id: string | null;
  assignee_id: string | null;
  priority: string | null;
  channel: string | null;
}

/** Reads of breached cycles from `sla_cycles`, newest breach first, by keyset. */
@Injectable()
export class SlaBreachQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(filter: BreachFilter): Promise<BreachPage> {
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['breached_at IS NOT NULL'];
    if (filter.from !== undefined) where.push(`breached_at >= ${param(filter.from)}`);
    if (filter.to !== undefined) where.push(`breached_at < ${param(filter.to)}`);
    if (filter.teamId !== undefined) where.push(`team_id = ${param(filter.teamId)}`);
    if (filter.agentId !== undefined) where.push(`assignee_id = ${param(filter.agentId)}`);
    if (filter.priority !== undefined) where.push(`priority = ${param(filter.priority)}`);
    if (filter.target !== undefined) where.push(`target = ${param(filter.target)}`);
    if (filter.cursor !== undefined) {
      const [at, ticketId, cycleId] = decodeSlaCursor(filter.cursor, [
        'string',
        'string',
        'string',
      ]) as [string, string, string];
      if (Number.isNaN(Date.parse(at))) {
        throw validationProblem([
          { field: 'cursor', message: 'cursor must be a cursor this API returned', code: 'cursor' },
        ]);
      }
      // breached_at descending, then (ticket, cycle) ascending: the index order.
      const atParam = param(at);
      where.push(
        `(breached_at < ${atParam}::timestamptz OR (breached_at = ${atParam}::timestamptz
          AND (ticket_id, cycle_id) > (${param(ticketId)}, ${param(cycleId)})))`,
      );
    }
    const now = param(filter.now.toISOString());
    const rows: RawBreach[] = await this.dataSource.query(
      `SELECT ticket_id, cycle_id, target, policy_id, policy_version, target_seconds,
              ${isoColumn('started_at', 'started_at')}, ${isoColumn('due_at', 'due_at')},
              ${isoColumn('breached_at', 'breached_at')}, ${isoColumn('ended_at', 'ended_at')},
              GREATEST(0, floor(EXTRACT(EPOCH FROM
                COALESCE(ended_at, ${now}::timestamptz) - due_at)))::bigint AS overdue_seconds,
              team_id, assignee_id, priority, channel
       FROM sla_cycles
       WHERE ${where.join(' AND ')}
       ORDER BY breached_at DESC, ticket_id, cycle_id
       LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    const more = rows.length > filter.limit;
    const shown = more ? rows.slice(0, filter.limit) : rows;
    const last = shown.at(-1);
    return {
      items: shown.map(toResponse),
      nextCursor:
        more && last ? encodeSlaCursor([last.breached_at, last.ticket_id, last.cycle_id]) : null,
    };
  }
}

function toResponse(row: RawBreach): SlaBreachResponse {
  return {
    ticketId: row.ticket_id,
    cycleId: row.cycle_id,
    target: row.target,
    policyId: row.policy_id,
    policyVersion: row.policy_version,
    targetSeconds: row.target_seconds,
    startedAt: row.started_at,
    dueAt: row.due_at,
    breachedAt: row.breached_at,
    endedAt: row.ended_at,
    ongoing: row.ended_at === null,
    overdueSeconds: Number(row.overdue_seconds),
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    priority: row.priority,
    channel: row.channel,
  };
}
