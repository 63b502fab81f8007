import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import type { Projection } from '../../../projections/projection';
import { SLA_CLOCK_EVENT_TYPES } from '../sla-clock.events';
import {
  INITIAL_TICKET_SLA_STATE,
  asSlaClockEvent,
  evolveSla,
  type TicketSlaState,
} from '../ticket-sla.state';
import { nextDueTimerAt } from './next-due-timer';
import { managerSql, readTimerRow, writeTimerRow } from './sla-timer-rows';

export const SLA_TIMERS_PROJECTION = 'sla_timers';
export const SLA_TIMERS_TABLE = 'sla_timers';

const STREAM_PREFIX = 'ticket-';

/** Ticket events that end a ticket for good: its timer row goes. */
const TERMINAL = ['TicketClosed', 'TicketMerged'];

/**
 * The SLA deadlines, durably in PostgreSQL: per ticket, its SLA clocks folded from the ticket
 * stream's SLA events (kept as jsonb) and `next_at`, when the timers next have something to record
 * (nextDueTimerAt, the same rules as the decider). SlaTimerPoller claims the due rows.
 *
 * Why the folded state in the row rather than re-reading the stream per event: the projection then
 * folds each event onto the row it already has (one row read per ticket and batch, no event-store
 * reads inside the projection's transaction, where events still held back by the xmin fence
 * would be missed). `revision` makes the row monotonic: the poller writes the state it fired to,
 * and events at or below the row's revision are already in it.
 *
 * A ticket gets a row at its first SlaPolicyApplied (the first SLA event of every measured
 * ticket); SLA events of a ticket without a row (never measured, or closed) are ignored. A close
 * or merge deletes the row: a closed ticket never runs a clock again (a follow-up is a new ticket).
 */
@Injectable()
@ProjectionDefinition()
export class SlaTimersProjection implements Projection {
  readonly name = SLA_TIMERS_PROJECTION;
  readonly version = 1;
  readonly eventTypes = [...SLA_CLOCK_EVENT_TYPES, ...TERMINAL];
  readonly tables = [SLA_TIMERS_TABLE];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const sql = managerSql(manager);
    for (const [ticketId, ticketEvents] of byTicket(events)) {
      const row = await readTimerRow(sql, ticketId);
      let state: TicketSlaState | null = row?.state ?? null;
      let revision = row?.revision ?? -1n;
      let closed = false;
      let changed = false;
      for (const recorded of ticketEvents) {
        if (recorded.revision <= revision || closed) continue;
        if (TERMINAL.includes(recorded.type)) {
          closed = true;
          continue;
        }
        const event = asSlaClockEvent(recorded);
        if (!event || (state === null && event.type !== 'SlaPolicyApplied')) continue;
        state = evolveSla(state ?? INITIAL_TICKET_SLA_STATE, event);
        revision = recorded.revision;
        changed = true;
      }
      if (closed) {
        await sql('DELETE FROM sla_timers WHERE ticket_id = $1', [ticketId]);
      } else if (changed && state) {
        await writeTimerRow(sql, { ticketId, revision, state, nextAt: nextDueTimerAt(state) });
      }
    }
  }
}

/** The batch's events per ticket, in order (a ticket's events keep their stream order). */
function byTicket(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const groups = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!event.streamName.startsWith(STREAM_PREFIX)) continue;
    const ticketId = event.streamName.slice(STREAM_PREFIX.length);
    const group = groups.get(ticketId) ?? [];
    group.push(event);
    groups.set(ticketId, group);
  }
  return groups;
}
