/**
 * The TICKET_STREAM_REACTION: inside every ticket command's append, folds the ticket's SLA state
 * from its stream, looks the matching policy up only when the ticket's facts changed (opening,
 * reprioritisation, classification, the customer's tier), and returns the SLA events the decider derives.
 *
 * Policies and calendars are read from the sla_config read model, which trails the configuration
 * streams by the projection lag: a policy or calendar saved a few milliseconds before a ticket
 * opens may not be seen by that opening (the ticket is then measured from its next fact change).
 * Reading the model rather than every configuration stream keeps a ticket command to one query.
 */
import { Injectable } from '@nestjs/common';
import type { TicketEvent } from '../../tickets/ticket.events';
import { evolve, type Ticket } from '../../tickets/ticket.state';
import type {
  ReactionEvent,
  TicketStreamReaction,
  TicketStreamReactionInput,
} from '../../tickets/ticket-stream-reaction.port';
import type { SlaCalendarDefinition } from '../calendars/sla-calendar.definition';
import { SlaConfigQueries, type ConfigRow } from '../config-read-model/sla-config.queries';
import { matchPolicy } from '../policies/match-policy';
import type { SlaPolicyDefinition } from '../policies/sla-policy.definition';
import { SLA_CLOCK_EVENT_SCHEMA_VERSIONS } from './sla-clock.events';
import { changesFacts, reactToTicketEvents, type SlaMatch } from './ticket-sla.decider';
import { foldTicketSla } from './ticket-sla.state';

/** The first policy matching the ticket's facts whose calendar is known, with that calendar. */
export function matchTicket(
  ticket: Ticket,
  policies: readonly ConfigRow<SlaPolicyDefinition>[],
  calendars: readonly ConfigRow<SlaCalendarDefinition>[],
): SlaMatch | null {
  const calendarsById = new Map(calendars.map((calendar) => [calendar.id, calendar]));
  // A policy whose calendar the read model does not hold yet cannot measure anything: skip it.
  const usable = policies.filter((policy) => calendarsById.has(policy.definition.calendarId));
  const policy = matchPolicy(usable, {
    priority: ticket.priority,
    customerTier: ticket.customer.tier,
    channel: ticket.channel,
    type: ticket.type,
    tags: ticket.tags,
  });
  const calendar = policy && calendarsById.get(policy.definition.calendarId);
  if (!policy || !calendar) return null;
  return {
    policy: { id: policy.id, version: policy.version, definition: policy.definition },
    calendar: { id: calendar.id, version: calendar.version, definition: calendar.definition },
  };
}

@Injectable()
export class SlaClockReaction implements TicketStreamReaction {
  constructor(private readonly config: SlaConfigQueries) {}

  async react(input: TicketStreamReactionInput): Promise<readonly ReactionEvent[]> {
    const sla = foldTicketSla(input.recorded);
    const factsChanged = changesFacts(input.ticketEvents);
    // Without a policy nothing runs, and only a fact change can bring one: skip the work.
    if (!factsChanged && sla.policy === null) return [];
    const match = factsChanged
      ? await this.lookup(input.stateBefore, input.ticketEvents)
      : undefined;
    const events = reactToTicketEvents({
      sla,
      ticketBefore: input.stateBefore,
      ticketEvents: input.ticketEvents,
      now: input.now,
      match,
    });
    return events.map((event) => ({
      type: event.type,
      data: event.data as unknown as Readonly<Record<string, unknown>>,
      schemaVersion: SLA_CLOCK_EVENT_SCHEMA_VERSIONS[event.type],
    }));
  }

  private async lookup(
    before: TicketStreamReactionInput['stateBefore'],
    events: readonly TicketEvent[],
  ): Promise<SlaMatch | null> {
    const after = events.reduce(evolve, before);
    if (!after.exists) return null;
    const { policies, calendars } = await this.config.matchingConfig();
    return matchTicket(after, policies, calendars);
  }
}
