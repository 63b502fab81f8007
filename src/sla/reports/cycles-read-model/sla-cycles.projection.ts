import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import type { Projection } from '../../../projections/projection';
import type { TicketEvent } from '../../../tickets/ticket.events';
import type { SlaClockEvent, SlaCycleSnapshot } from '../../clocks/sla-clock.events';
import type { SlaTarget } from '../../shared/sla.values';

export const SLA_CYCLES_PROJECTION = 'sla_cycles';
export const SLA_CYCLES_TABLE = 'sla_cycles';
export const SLA_CYCLE_TICKETS_TABLE = 'sla_cycle_tickets';

/** The ticket facts a cycle is attributed by (metrics.md: attributed at completion or breach). */
const TICKET_EVENT_TYPES = [
  'TicketOpened',
  'TicketClassified',
  'TicketReprioritised',
  'TicketAssigned',
  'TicketUnassigned',
  'TicketEscalated',
] as const;

const SLA_EVENT_TYPES = [
  'SlaPolicyApplied',
  'SlaPolicyRemoved',
  'SlaCycleStarted',
  'SlaCyclePaused',
  'SlaCycleResumed',
  'SlaCycleCompleted',
  'SlaCycleCancelled',
  'SlaBreached',
] as const;

type HandledEvent = Extract<
  TicketEvent | SlaClockEvent,
  { type: (typeof TICKET_EVENT_TYPES)[number] | (typeof SLA_EVENT_TYPES)[number] }
>;

/** A cycle still counting (its attribution follows the ticket until it is decided). */
const RUNNING = `status IN ('active', 'paused')`;

/**
 * Copies the ticket's current facts into its cycles that are still running, so a cycle decided
 * later carries the team, assignee and priority of that moment (achieved: at completion).
 * Breached cycles keep what SlaBreached recorded: the holder at the breach instant.
 */
const REFRESH_RUNNING_ATTRIBUTION = `
  UPDATE sla_cycles c
  SET channel = t.channel, ticket_type = t.ticket_type, priority = t.priority,
      team_id = t.team_id, assignee_id = t.assignee_id
  FROM sla_cycle_tickets t
  WHERE t.ticket_id = $1 AND c.ticket_id = t.ticket_id AND c.${RUNNING}`;

/** Inserts a cycle, attributed to the ticket's current facts (none when the ticket is unknown). */
const INSERT_CYCLE = `
  INSERT INTO sla_cycles (ticket_id, cycle_id, target, policy_id, policy_version, target_seconds,
                          channel, ticket_type, priority, team_id, assignee_id,
                          started_at, due_at, paused, status)
  SELECT $1::text, $2::text, $3::text, $4::text, $5::integer, $6::integer,
         t.channel, t.ticket_type, t.priority, t.team_id, t.assignee_id,
         $7::timestamptz, $8::timestamptz, $9::boolean,
         CASE WHEN $9::boolean THEN 'paused' ELSE 'active' END
  FROM (SELECT 1) one LEFT JOIN sla_cycle_tickets t ON t.ticket_id = $1::text
  ON CONFLICT (ticket_id, cycle_id) DO NOTHING`;

/**
 * Feeds `sla_cycles` from the SLA clock events on ticket streams (src/sla/clocks/sla-clock.events.ts)
 * and the ticket events that change who a cycle is attributed to. One row per (ticket, cycle):
 *
 * - status follows the events: active ⇄ paused; achieved on completion in time; breached from
 *   SlaBreached, or on a completion after the due time with no SlaBreached yet (answered before the
 *   timer ran: still a breach, breached_at = due); cancelled when no longer applicable.
 * - A breach is a fact once recorded: later events (pause, cancel on solve, completion, a policy
 *   re-applied with another due time) end the cycle but never turn it into achieved or move
 *   breached_at. Its due_at stays the breach instant (it is not cleared by a pause after the breach).
 * - decided_at: the moment the cycle counts for compliance — completedAt when achieved, the breach
 *   instant (= due) when breached; null for running and cancelled cycles.
 *
 * Handled event by event with a few small statements each: SLA events are a few per ticket change,
 * so the write volume is that of the ticket commands themselves.
 */
@Injectable()
@ProjectionDefinition()
export class SlaCyclesProjection implements Projection {
  readonly name = SLA_CYCLES_PROJECTION;
  readonly version = 1;
  readonly eventTypes: readonly string[] = [...TICKET_EVENT_TYPES, ...SLA_EVENT_TYPES];
  readonly tables = [SLA_CYCLES_TABLE, SLA_CYCLE_TICKETS_TABLE];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      await this.apply(recorded as unknown as HandledEvent, manager);
    }
  }

  private async apply(event: HandledEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case 'TicketOpened':
        await manager.query(
          `INSERT INTO sla_cycle_tickets (ticket_id, channel, ticket_type, priority)
           VALUES ($1, $2, $3, $4) ON CONFLICT (ticket_id) DO NOTHING`,
          [event.data.ticketId, event.data.channel, event.data.type, event.data.priority],
        );
        return;
      case 'TicketClassified':
        return this.updateTicket(manager, event.data.ticketId, { ticket_type: event.data.type });
      case 'TicketReprioritised':
        return this.updateTicket(manager, event.data.ticketId, { priority: event.data.priority });
      case 'TicketAssigned':
      case 'TicketUnassigned':
        return this.updateTicket(manager, event.data.ticketId, {
          team_id: event.data.teamId,
          assignee_id: event.data.agentId,
        });
      case 'TicketEscalated':
        return this.updateTicket(manager, event.data.ticketId, {
          team_id: event.data.toTeamId,
          ...(event.data.unassignedAgentId !== null ? { assignee_id: null } : {}),
        });
      case 'SlaCycleStarted': {
        const d = event.data;
        await manager.query(INSERT_CYCLE, [
          d.ticketId,
          d.cycleId,
          d.target,
          d.policyId,
          d.policyVersion,
          d.targetSeconds,
          d.startedAt,
          d.dueAt,
          d.dueAt === null,
        ]);
        return;
      }
      case 'SlaPolicyApplied': {
        const d = event.data;
        for (const cycle of d.cycles) {
          await this.reapply(manager, d.ticketId, cycle, {
            policyId: d.policyId,
            policyVersion: d.policyVersion,
            targetSeconds: d.targets[cycle.target],
          });
        }
        return;
      }
      case 'SlaCyclePaused':
        await manager.query(
          `UPDATE sla_cycles SET paused = true,
             due_at = CASE WHEN status = 'breached' THEN due_at ELSE NULL END,
             status = CASE WHEN status = 'active' THEN 'paused' ELSE status END
           WHERE ticket_id = $1 AND cycle_id = $2 AND ended_at IS NULL`,
          [event.data.ticketId, event.data.cycleId],
        );
        return;
      case 'SlaCycleResumed':
        await manager.query(
          `UPDATE sla_cycles SET paused = false,
             due_at = CASE WHEN status = 'breached' THEN due_at ELSE $3::timestamptz END,
             status = CASE WHEN status = 'paused' THEN 'active' ELSE status END
           WHERE ticket_id = $1 AND cycle_id = $2 AND ended_at IS NULL`,
          [event.data.ticketId, event.data.cycleId, event.data.dueAt],
        );
        return;
      case 'SlaBreached': {
        const d = event.data;
        // Attribution frozen at the breach: who held the ticket when the due time passed.
        await manager.query(
          `UPDATE sla_cycles SET status = 'breached', due_at = $3, breached_at = $4,
             decided_at = $4, outcome = 'breached', team_id = $5, assignee_id = $6, priority = $7
           WHERE ticket_id = $1 AND cycle_id = $2 AND breached_at IS NULL
             AND status IN ('active', 'paused')`,
          [d.ticketId, d.cycleId, d.dueAt, d.breachedAt, d.teamId, d.assigneeId, d.priority],
        );
        return;
      }
      case 'SlaCycleCompleted': {
        const d = event.data;
        const late = d.outcome === 'breached' || Date.parse(d.completedAt) > Date.parse(d.dueAt);
        // Achieved: attributed to the ticket's facts now (refreshed on every ticket change).
        // Late without a recorded breach: the breach instant is the due time (metrics.md).
        await manager.query(
          `UPDATE sla_cycles SET
             ended_at = $3, business_seconds = $4, calendar_seconds = $5, paused = false,
             status = CASE WHEN status = 'breached' OR $6::boolean THEN 'breached' ELSE 'achieved' END,
             outcome = CASE WHEN status = 'breached' OR $6::boolean THEN 'breached' ELSE 'achieved' END,
             breached_at = CASE WHEN status = 'breached' THEN breached_at
                                WHEN $6::boolean THEN $7::timestamptz ELSE NULL END,
             due_at = CASE WHEN status = 'breached' THEN due_at ELSE $7::timestamptz END,
             decided_at = CASE WHEN status = 'breached' THEN decided_at
                               WHEN $6::boolean THEN $7::timestamptz ELSE $3::timestamptz END
           WHERE ticket_id = $1 AND cycle_id = $2 AND ended_at IS NULL`,
          [
            d.ticketId,
            d.cycleId,
            d.completedAt,
            Math.round(d.businessSeconds),
            Math.round(d.calendarSeconds),
            late,
            d.dueAt,
          ],
        );
        return;
      }
      case 'SlaCycleCancelled':
        await this.cancel(
          manager,
          event.data.ticketId,
          [event.data.cycleId],
          event.data.reason,
          event.data.cancelledAt,
        );
        return;
      case 'SlaPolicyRemoved':
        await this.cancel(
          manager,
          event.data.ticketId,
          event.data.cancelledCycleIds,
          'policy_removed',
          event.data.removedAt,
        );
        return;
    }
  }

  private async updateTicket(
    manager: EntityManager,
    ticketId: string,
    changes: Readonly<Record<string, string | null>>,
  ): Promise<void> {
    const columns = Object.keys(changes);
    const set = columns.map((column, index) => `${column} = $${index + 2}`).join(', ');
    await manager.query(`UPDATE sla_cycle_tickets SET ${set} WHERE ticket_id = $1`, [
      ticketId,
      ...columns.map((column) => changes[column]),
    ]);
    await manager.query(REFRESH_RUNNING_ATTRIBUTION, [ticketId]);
  }

  /** A (re)applied policy: running cycles get the new policy, target and due time; pauses stay. */
  private async reapply(
    manager: EntityManager,
    ticketId: string,
    cycle: SlaCycleSnapshot,
    policy: { policyId: string; policyVersion: number; targetSeconds: number | undefined },
  ): Promise<void> {
    const paused = cycle.pausedAt !== null || cycle.dueAt === null;
    const targetSeconds = policy.targetSeconds ?? 0;
    const [, updated] = await manager.query<[unknown, number]>(
      `UPDATE sla_cycles SET policy_id = $3, policy_version = $4, target_seconds = $5,
         paused = $6,
         due_at = CASE WHEN status = 'breached' THEN due_at ELSE $7::timestamptz END,
         status = CASE WHEN status = 'breached' THEN status WHEN $6::boolean THEN 'paused' ELSE 'active' END
       WHERE ticket_id = $1 AND cycle_id = $2 AND ended_at IS NULL`,
      [
        ticketId,
        cycle.cycleId,
        policy.policyId,
        policy.policyVersion,
        targetSeconds,
        paused,
        cycle.dueAt,
      ],
    );
    if (updated > 0) return;
    // A cycle first seen in a snapshot (no SlaCycleStarted before it): take it from there.
    await manager.query(INSERT_CYCLE, [
      ticketId,
      cycle.cycleId,
      cycle.target satisfies SlaTarget,
      policy.policyId,
      policy.policyVersion,
      targetSeconds,
      cycle.startedAt,
      cycle.dueAt,
      paused,
    ]);
  }

  /** Cancelled cycles count in no compliance figure; a recorded breach stays a breach. */
  private async cancel(
    manager: EntityManager,
    ticketId: string,
    cycleIds: readonly string[],
    reason: string,
    at: string,
  ): Promise<void> {
    if (cycleIds.length === 0) return;
    await manager.query(
      `UPDATE sla_cycles SET ended_at = $4, cancel_reason = $3, paused = false,
         outcome = CASE WHEN status = 'breached' THEN 'breached' ELSE 'cancelled' END,
         status = CASE WHEN status = 'breached' THEN 'breached' ELSE 'cancelled' END
       WHERE ticket_id = $1 AND cycle_id = ANY($2::text[]) AND ended_at IS NULL`,
      [ticketId, cycleIds, reason, at],
    );
  }
}
