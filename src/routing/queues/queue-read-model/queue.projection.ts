import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import type { Projection } from '../../../projections/projection';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import { SLA_NEXT_DUE_EVENT_TYPES } from '../../../sla/clocks/sla-clock.events';
import type { TicketEvent, TicketEventType } from '../../../tickets/ticket.events';
import type { AgentEvent, AgentEventType } from '../../agents/agent.events';
import type { TeamEvent, TeamEventType } from '../../teams/team.events';
import {
  applyNextDueAt,
  applyTicketEvent,
  contributionOf,
  isActive,
  isWaiting,
  servicePriority,
  splitCell,
  type QueueTicketRow,
} from './queue-ticket.row';

export const QUEUES_PROJECTION = 'queues';
/**
 * How old an X-Projection-Lag answer the queue reads may reuse: the agent desk polls these all day,
 * and a fresh lag costs more than the query itself (bench:queues).
 */
export const QUEUE_LAG_MAX_AGE_MS = 250;

/** Only the ticket events that move a ticket between queues, statuses or priorities (or its tier). */
const TICKET_TYPES = [
  'TicketOpened',
  'TicketReprioritised',
  'TicketCustomerTierChanged',
  'TicketAssigned',
  'TicketUnassigned',
  'TicketReplied',
  'TicketEscalated',
  'TicketMarkedPending',
  'TicketPutOnHold',
  'TicketResumed',
  'TicketSolved',
  'TicketReopened',
  'TicketClosed',
  'TicketMerged',
] as const satisfies readonly TicketEventType[];

const AGENT_TYPES = [
  'AgentRegistered',
  'AgentTeamsChanged',
  'AgentCapacityChanged',
  'AgentDeactivated',
  'AgentReactivated',
  'AgentAvailabilityChanged',
] as const satisfies readonly AgentEventType[];

const TEAM_TYPES = [
  'TeamCreated',
  'TeamUpdated',
  'TeamDeactivated',
  'TeamReactivated',
] as const satisfies readonly TeamEventType[];

const ticketTypes: ReadonlySet<string> = new Set(TICKET_TYPES);
const slaTypes: ReadonlySet<string> = new Set(SLA_NEXT_DUE_EVENT_TYPES);
const agentTypes: ReadonlySet<string> = new Set(AGENT_TYPES);

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

interface StoredTicket {
  ticket_id: string;
  team_id: string | null;
  assignee_id: string | null;
  status: QueueTicketRow['status'];
  priority: QueueTicketRow['priority'];
  channel: QueueTicketRow['channel'];
  customer_tier: QueueTicketRow['customerTier'];
  next_due_at: string | null;
  opened_at: string;
  revision: string;
}

const SELECT_TICKETS = `
  SELECT ticket_id, team_id, assignee_id, status, priority, channel, customer_tier,
         to_char(next_due_at AT TIME ZONE 'UTC', ${ISO}) AS next_due_at,
         to_char(opened_at AT TIME ZONE 'UTC', ${ISO}) AS opened_at, revision::text AS revision
  FROM queue_tickets WHERE ticket_id = ANY($1::text[])`;

const TICKET_COLUMNS = [
  'team_id',
  'assignee_id',
  'status',
  'priority',
  'service_priority',
  'channel',
  'customer_tier',
  'next_due_at',
  'due_order',
  'opened_at',
  'waiting',
  'active',
  'revision',
];

const UPSERT_TICKETS = `
  INSERT INTO queue_tickets (ticket_id, ${TICKET_COLUMNS.join(', ')})
  SELECT ticket_id, ${TICKET_COLUMNS.join(', ')}
  FROM jsonb_to_recordset($1::jsonb) AS r(ticket_id text, team_id text, assignee_id text,
    status text, priority text, service_priority smallint, channel text, customer_tier text,
    next_due_at timestamptz, due_order timestamptz, opened_at timestamptz, waiting boolean,
    active boolean, revision bigint)
  ON CONFLICT (ticket_id) DO UPDATE SET
    ${TICKET_COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`;

const ADD_TEAM_COUNTS = `
  INSERT INTO queue_team_counts (team_key, status, priority, assigned, tickets)
  SELECT team_key, status, priority, assigned, delta
  FROM jsonb_to_recordset($1::jsonb) AS r(team_key text, status text, priority text,
    assigned boolean, delta integer)
  ON CONFLICT (team_key, status, priority, assigned)
  DO UPDATE SET tickets = queue_team_counts.tickets + EXCLUDED.tickets`;

const ADD_AGENT_LOAD = `
  INSERT INTO queue_agent_load (agent_id, channel, tickets)
  SELECT agent_id, channel, delta
  FROM jsonb_to_recordset($1::jsonb) AS r(agent_id text, channel text, delta integer)
  ON CONFLICT (agent_id, channel)
  DO UPDATE SET tickets = queue_agent_load.tickets + EXCLUDED.tickets`;

function fromStored(row: StoredTicket): QueueTicketRow {
  return {
    ticketId: row.ticket_id,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    status: row.status,
    priority: row.priority,
    channel: row.channel,
    customerTier: row.customer_tier,
    nextDueAt: row.next_due_at,
    openedAt: row.opened_at,
    revision: BigInt(row.revision),
  };
}

function toStored(row: QueueTicketRow): Record<string, unknown> {
  return {
    ticket_id: row.ticketId,
    team_id: row.teamId,
    assignee_id: row.assigneeId,
    status: row.status,
    priority: row.priority,
    service_priority: servicePriority(row.priority),
    channel: row.channel,
    customer_tier: row.customerTier,
    next_due_at: row.nextDueAt,
    // No running SLA clock sorts after every due time (nulls last) inside one ascending key.
    due_order: row.nextDueAt ?? 'infinity',
    opened_at: row.openedAt,
    waiting: isWaiting(row),
    active: isActive(row),
    revision: row.revision.toString(),
  };
}

function addTo(deltas: Map<string, number>, cell: string | null, by: number): void {
  if (cell === null) return;
  deltas.set(cell, (deltas.get(cell) ?? 0) + by);
}

/**
 * Feeds the work-queue tables. Ticket and SLA events of a batch are folded in memory over the rows
 * they touch (one SELECT), then written back in one upsert, with the counter deltas they cause
 * (team × status × priority × assigned, agent × channel) applied in one statement each: a batch
 * costs four statements however many ticket events it holds. Directory events are rare and each
 * is one statement on the small agent/team tables.
 */
@Injectable()
@ProjectionDefinition()
export class QueueProjection implements Projection {
  readonly name = QUEUES_PROJECTION;
  readonly version = 1;
  readonly eventTypes: readonly string[] = [
    ...TICKET_TYPES,
    ...SLA_NEXT_DUE_EVENT_TYPES,
    ...AGENT_TYPES,
    ...TEAM_TYPES,
  ];
  readonly tables = [
    'queue_tickets',
    'queue_team_counts',
    'queue_agents',
    'queue_agent_teams',
    'queue_teams',
    'queue_agent_load',
  ];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const ticketEvents = events.filter(
      (event) => ticketTypes.has(event.type) || slaTypes.has(event.type),
    );
    if (ticketEvents.length > 0) await this.applyTickets(ticketEvents, manager);
    for (const event of events) {
      if (agentTypes.has(event.type)) {
        await this.applyAgent(
          { type: event.type, data: event.data } as unknown as AgentEvent,
          manager,
        );
      } else if (!ticketTypes.has(event.type) && !slaTypes.has(event.type)) {
        await this.applyTeam(
          { type: event.type, data: event.data } as unknown as TeamEvent,
          manager,
        );
      }
    }
  }

  private async applyTickets(
    events: readonly RecordedEvent[],
    manager: EntityManager,
  ): Promise<void> {
    const ids = [...new Set(events.map((event) => String(event.data.ticketId)))];
    const stored = await manager.query<StoredTicket[]>(SELECT_TICKETS, [ids]);
    const before = new Map(stored.map((row) => [row.ticket_id, fromStored(row)]));
    const rows = new Map(before);
    const changed = new Set<string>();
    for (const event of events) {
      const id = String(event.data.ticketId);
      const current = rows.get(id);
      const next = slaTypes.has(event.type)
        ? applyNextDueAt(current, (event.data.nextDueAt as string | null) ?? null, event.revision)
        : applyTicketEvent(current, event as unknown as TicketEvent, event.revision);
      if (next !== undefined && next !== current) {
        rows.set(id, next);
        changed.add(id);
      }
    }
    if (changed.size === 0) return;

    const teamDeltas = new Map<string, number>();
    const loadDeltas = new Map<string, number>();
    for (const id of changed) {
      const old = contributionOf(before.get(id));
      const now = contributionOf(rows.get(id));
      addTo(teamDeltas, old.teamCell, -1);
      addTo(teamDeltas, now.teamCell, 1);
      addTo(loadDeltas, old.loadCell, -1);
      addTo(loadDeltas, now.loadCell, 1);
    }
    const payload = [...changed].map((id) => toStored(rows.get(id) as QueueTicketRow));
    await manager.query(UPSERT_TICKETS, [JSON.stringify(payload)]);

    const teamRows = [...teamDeltas]
      .filter(([, delta]) => delta !== 0)
      .map(([cell, delta]) => {
        const [teamKey, status, priority, assigned] = splitCell(cell);
        return { team_key: teamKey, status, priority, assigned: assigned === 'true', delta };
      });
    if (teamRows.length > 0) {
      await manager.query(ADD_TEAM_COUNTS, [JSON.stringify(teamRows)]);
      // A counter back at zero is removed, so the tables hold the same rows however the events
      // were batched (live vs rebuilt read models must be identical).
      await manager.query('DELETE FROM queue_team_counts WHERE tickets = 0');
    }
    const loadRows = [...loadDeltas]
      .filter(([, delta]) => delta !== 0)
      .map(([cell, delta]) => {
        const [agentId, channel] = splitCell(cell);
        return { agent_id: agentId, channel, delta };
      });
    if (loadRows.length > 0) {
      await manager.query(ADD_AGENT_LOAD, [JSON.stringify(loadRows)]);
      await manager.query('DELETE FROM queue_agent_load WHERE tickets = 0');
    }
  }

  private async applyAgent(event: AgentEvent, manager: EntityManager): Promise<void> {
    const agentId = event.data.agentId;
    const set = (sets: string, values: unknown[]): Promise<unknown> =>
      manager.query(`UPDATE queue_agents SET ${sets} WHERE agent_id = $1`, [agentId, ...values]);
    switch (event.type) {
      case 'AgentRegistered':
        await manager.query(
          `INSERT INTO queue_agents (agent_id, capacity_max, capacity_per_channel, availability, status)
           VALUES ($1, $2, $3, 'offline', 'active') ON CONFLICT (agent_id) DO NOTHING`,
          [agentId, event.data.capacity.max, JSON.stringify(event.data.capacity.perChannel)],
        );
        await this.join(manager, agentId, event.data.teamIds);
        return;
      case 'AgentTeamsChanged':
        if (event.data.removedTeamIds.length > 0) {
          await manager.query(
            'DELETE FROM queue_agent_teams WHERE agent_id = $1 AND team_id = ANY($2::text[])',
            [agentId, event.data.removedTeamIds],
          );
        }
        await this.join(manager, agentId, event.data.addedTeamIds);
        return;
      case 'AgentCapacityChanged':
        await set('capacity_max = $2, capacity_per_channel = $3', [
          event.data.capacity.max,
          JSON.stringify(event.data.capacity.perChannel),
        ]);
        return;
      case 'AgentDeactivated':
        await set('status = $2', ['deactivated']);
        return;
      case 'AgentReactivated':
        await set('status = $2', ['active']);
        return;
      case 'AgentAvailabilityChanged':
        await set('availability = $2', [event.data.availability]);
        return;
      default:
        return;
    }
  }

  private async join(
    manager: EntityManager,
    agentId: string,
    teamIds: readonly string[],
  ): Promise<void> {
    if (teamIds.length === 0) return;
    await manager.query(
      `INSERT INTO queue_agent_teams (team_id, agent_id)
       SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
      [teamIds, agentId],
    );
  }

  private async applyTeam(event: TeamEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case 'TeamCreated':
        await manager.query(
          `INSERT INTO queue_teams (team_id, name, status) VALUES ($1, $2, 'active')
           ON CONFLICT (team_id) DO NOTHING`,
          [event.data.teamId, event.data.name],
        );
        return;
      case 'TeamUpdated':
        await manager.query('UPDATE queue_teams SET name = $2 WHERE team_id = $1', [
          event.data.teamId,
          event.data.name,
        ]);
        return;
      case 'TeamDeactivated':
      case 'TeamReactivated':
        await manager.query('UPDATE queue_teams SET status = $2 WHERE team_id = $1', [
          event.data.teamId,
          event.type === 'TeamDeactivated' ? 'deactivated' : 'active',
        ]);
        return;
    }
  }
}
