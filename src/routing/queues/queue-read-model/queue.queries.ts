import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Channel, Priority, TicketStatus } from '../../../tickets/ticket.values';
import type { ServiceOrderKey } from './service-order.cursor';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** Statuses counted by the queues: the unsolved ones (solved and closed tickets are done). */
export const QUEUE_STATUSES = ['new', 'open', 'pending', 'on_hold'] as const;

export interface CountCell {
  readonly status: TicketStatus;
  readonly priority: Priority;
  readonly assigned: boolean;
  readonly tickets: number;
}

export interface TeamQueueRecord {
  readonly teamId: string;
  readonly name: string;
  readonly status: 'active' | 'deactivated';
  readonly counts: readonly CountCell[];
  readonly oldestWaitingOpenedAt: string | null;
  readonly breachingSoon: number;
  readonly agentsOnline: number;
  readonly freeCapacity: number;
}

export interface QueueOverview {
  readonly teams: readonly TeamQueueRecord[];
  /** Unsolved tickets no team has yet. */
  readonly unrouted: readonly CountCell[];
}

export interface QueueTicketRecord {
  readonly ticketId: string;
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  readonly status: TicketStatus;
  readonly priority: Priority;
  readonly servicePriority: number;
  readonly channel: Channel;
  readonly customerTier: string;
  readonly nextDueAt: string | null;
  readonly openedAt: string;
}

export interface AgentLoadRecord {
  readonly agentId: string;
  readonly availability: 'online' | 'away' | 'offline';
  readonly status: 'active' | 'deactivated';
  readonly capacityMax: number;
  readonly capacityPerChannel: Readonly<Record<string, number>>;
  readonly openByChannel: Readonly<Record<string, number>>;
}

export interface ServicePage {
  readonly records: readonly QueueTicketRecord[];
  readonly next: ServiceOrderKey | null;
}

/**
 * Per team, in one statement: counters (a few hundred rows in all), the oldest waiting ticket
 * (first entry of the (team, opened_at) partial index), the tickets due by `$1` (a range of the
 * (team, next_due_at) partial index: only those near or past breach are visited), and the online
 * members with their free capacity (from the per-agent load counters).
 */
const OVERVIEW = `
  SELECT t.team_id AS "teamId", t.name, t.status,
    (SELECT coalesce(json_agg(json_build_array(c.status, c.priority, c.assigned, c.tickets)), '[]')
       FROM queue_team_counts c WHERE c.team_key = t.team_id AND c.tickets <> 0) AS counts,
    (SELECT to_char(min(q.opened_at) AT TIME ZONE 'UTC', ${ISO})
       FROM queue_tickets q WHERE q.waiting AND q.team_id = t.team_id) AS "oldestWaitingOpenedAt",
    (SELECT count(*)::int FROM queue_tickets q
       WHERE q.active AND q.next_due_at IS NOT NULL AND q.team_id = t.team_id
         AND q.next_due_at <= $1::timestamptz) AS "breachingSoon",
    m.online AS "agentsOnline", m.free AS "freeCapacity"
  FROM queue_teams t
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS online,
           coalesce(sum(greatest(a.capacity_max - coalesce(l.tickets, 0), 0)), 0)::int AS free
    FROM queue_agent_teams mt
    JOIN queue_agents a ON a.agent_id = mt.agent_id
    LEFT JOIN LATERAL (SELECT sum(tickets) AS tickets FROM queue_agent_load l
                       WHERE l.agent_id = a.agent_id) l ON true
    WHERE mt.team_id = t.team_id AND a.availability = 'online' AND a.status = 'active'
  ) m
  ORDER BY t.name, t.team_id`;

const UNROUTED = `
  SELECT status, priority, assigned, tickets FROM queue_team_counts
  WHERE team_key = '' AND tickets <> 0`;

const TICKET_COLUMNS = `ticket_id AS "ticketId", team_id AS "teamId", assignee_id AS "assigneeId",
  status, priority, service_priority AS "servicePriority", channel, customer_tier AS "customerTier",
  to_char(next_due_at AT TIME ZONE 'UTC', ${ISO}) AS "nextDueAt",
  to_char(opened_at AT TIME ZONE 'UTC', ${ISO}) AS "openedAt"`;

const ORDER = 'ORDER BY service_priority, due_order, opened_at, ticket_id';
const AFTER =
  '(service_priority, due_order, opened_at, ticket_id) > ($2, $3::timestamptz, $4::timestamptz, $5)';

/** The team's queue: the partial index (team, service order) WHERE waiting, read from the cursor on. */
const TEAM_PAGE = `SELECT ${TICKET_COLUMNS} FROM queue_tickets
  WHERE waiting AND team_id = $1 ${ORDER} LIMIT $2`;
const TEAM_PAGE_AFTER = `SELECT ${TICKET_COLUMNS} FROM queue_tickets
  WHERE waiting AND team_id = $1 AND ${AFTER} ${ORDER} LIMIT $6`;

/** The agent's work list: the partial index (assignee, service order) WHERE active. */
const AGENT_PAGE = `SELECT ${TICKET_COLUMNS} FROM queue_tickets
  WHERE active AND assignee_id IS NOT NULL AND assignee_id = $1 ${ORDER} LIMIT $2`;
const AGENT_PAGE_AFTER = `SELECT ${TICKET_COLUMNS} FROM queue_tickets
  WHERE active AND assignee_id IS NOT NULL AND assignee_id = $1 AND ${AFTER} ${ORDER} LIMIT $6`;

const AGENT_LOAD = `
  SELECT a.agent_id AS "agentId", a.availability, a.status, a.capacity_max AS "capacityMax",
         a.capacity_per_channel AS "capacityPerChannel",
         (SELECT coalesce(json_object_agg(l.channel, l.tickets), '{}') FROM queue_agent_load l
          WHERE l.agent_id = a.agent_id AND l.tickets <> 0) AS "openByChannel"
  FROM queue_agents a WHERE a.agent_id = $1`;

export const SQL = {
  OVERVIEW,
  UNROUTED,
  TEAM_PAGE,
  TEAM_PAGE_AFTER,
  AGENT_PAGE,
  AGENT_PAGE_AFTER,
  AGENT_LOAD,
} as const;

type RawCell = [TicketStatus, Priority, boolean, number];

function cells(raw: readonly RawCell[]): CountCell[] {
  return raw.map(([status, priority, assigned, tickets]) => ({
    status,
    priority,
    assigned,
    tickets,
  }));
}

/** Reads of the work-queue read model (projection `queues`). */
@Injectable()
export class QueueQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** `dueBy`: tickets due at or before it count as breaching soon (already overdue included). */
  async overview(dueBy: Date): Promise<QueueOverview> {
    const [teams, unrouted] = await Promise.all([
      this.dataSource.query<(Omit<TeamQueueRecord, 'counts'> & { counts: RawCell[] })[]>(OVERVIEW, [
        dueBy.toISOString(),
      ]),
      this.dataSource.query<CountCell[]>(UNROUTED),
    ]);
    return { teams: teams.map((team) => ({ ...team, counts: cells(team.counts) })), unrouted };
  }

  teamQueue(teamId: string, limit: number, after: ServiceOrderKey | null): Promise<ServicePage> {
    return this.page(TEAM_PAGE, TEAM_PAGE_AFTER, teamId, limit, after);
  }

  agentWork(agentId: string, limit: number, after: ServiceOrderKey | null): Promise<ServicePage> {
    return this.page(AGENT_PAGE, AGENT_PAGE_AFTER, agentId, limit, after);
  }

  async teamExists(teamId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM queue_teams WHERE team_id = $1',
      [teamId],
    );
    return rows.length > 0;
  }

  async agentLoad(agentId: string): Promise<AgentLoadRecord | undefined> {
    const rows = await this.dataSource.query<AgentLoadRecord[]>(AGENT_LOAD, [agentId]);
    return rows[0];
  }

  private async page(
    first: string,
    following: string,
    ownerId: string,
    limit: number,
    after: ServiceOrderKey | null,
  ): Promise<ServicePage> {
    const rows = await this.dataSource.query<QueueTicketRecord[]>(
      after === null ? first : following,
      after === null
        ? [ownerId, limit + 1]
        : [
            ownerId,
            after.servicePriority,
            after.nextDueAt ?? 'infinity',
            after.openedAt,
            after.ticketId,
            limit + 1,
          ],
    );
    const records = rows.slice(0, limit);
    const last = records.at(-1);
    const next =
      rows.length > limit && last
        ? {
            servicePriority: last.servicePriority,
            nextDueAt: last.nextDueAt,
            openedAt: last.openedAt,
            ticketId: last.ticketId,
          }
        : null;
    return { records, next };
  }
}
