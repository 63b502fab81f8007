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
 * members with their free capacity. Each agent's open load is summed once for all teams (one pass
 * over the per-agent, per-channel counters) rather than once per team and member: that per-member
 * lookup was most of the statement's time (bench:queues, EXPLAIN ANALYZE).
 */
const OVERVIEW = `
  WITH agent_load AS (
    SELECT agent_id, sum(tickets) AS tickets FROM queue_agent_load GROUP BY agent_id
  ), members AS (
    SELECT mt.team_id, count(*)::int AS online,
           coalesce(sum(greatest(a.capacity_max - coalesce(l.tickets, 0), 0)), 0)::int AS free
    FROM queue_agent_teams mt
    JOIN queue_agents a ON a.agent_id = mt.agent_id
    LEFT JOIN agent_load l ON l.agent_id = a.agent_id
    WHERE a.availability = 'online' AND a.status = 'active'
    GROUP BY mt.team_id
  )
  SELECT t.team_id AS "teamId", t.name, t.status,
    (SELECT coalesce(json_agg(json_build_array(c.status, c.priority, c.assigned, c.tickets)), '[]')
       FROM queue_team_counts c WHERE c.team_key = t.team_id AND c.tickets <> 0) AS counts,
    (SELECT to_char(min(q.opened_at) AT TIME ZONE 'UTC', ${ISO})
       FROM queue_tickets q WHERE q.waiting AND q.team_id = t.team_id) AS "oldestWaitingOpenedAt",
    (SELECT count(*)::int FROM queue_tickets q
       WHERE q.active AND q.next_due_at IS NOT NULL AND q.team_id = t.team_id
         AND q.next_due_at <= $1::timestamptz) AS "breachingSoon",
    coalesce(m.online, 0) AS "agentsOnline", coalesce(m.free, 0) AS "freeCapacity"
  FROM queue_teams t
  LEFT JOIN members m ON m.team_id = t.team_id
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
  /** The overview statement in flight, which concurrent requests share (see overview()). */
  private overviewInFlight: Promise<QueueOverview> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * `dueBy`: tickets due at or before it count as breaching soon (already overdue included).
   * Every agent desk polls this same summary: a request arriving while the statement is running
   * shares its answer instead of queueing another identical one behind it, so the answer is at
   * most one statement old (a few ms) and the database does one summary per moment, not one per
   * desk. Nothing is kept after it completes.
   */
  overview(dueBy: Date): Promise<QueueOverview> {
    this.overviewInFlight ??= this.readOverview(dueBy).finally(() => {
      this.overviewInFlight = undefined;
    });
    return this.overviewInFlight;
  }

  private async readOverview(dueBy: Date): Promise<QueueOverview> {
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
