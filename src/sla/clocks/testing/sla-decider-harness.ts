/** Given/when/then over reactToTicketEvents: each step is one command's ticket events. */
import type { TicketEvent } from '../../../tickets/ticket.events';
import { evolve, initialState, timeOf, type TicketState } from '../../../tickets/ticket.state';
import type { SlaClockEvent } from '../sla-clock.events';
import { reactToTicketEvents, type SlaMatch } from '../ticket-sla.decider';
import { foldTicketSla, INITIAL_TICKET_SLA_STATE, type TicketSlaState } from '../ticket-sla.state';

export interface Step {
  readonly events: readonly TicketEvent[];
  /** Omitted = the facts did not change (no lookup). */
  readonly match?: SlaMatch | null;
}

export interface Given {
  readonly ticket: TicketState;
  readonly sla: TicketSlaState;
  readonly history: readonly SlaClockEvent[];
  when(step: Step | TicketEvent): SlaClockEvent[];
  then(step: Step | TicketEvent): Given;
}

const asStep = (step: Step | TicketEvent): Step => ('events' in step ? step : { events: [step] });

function react(ticket: TicketState, sla: TicketSlaState, step: Step): SlaClockEvent[] {
  const last = step.events.at(-1);
  if (!last) throw new Error('a step needs ticket events');
  return reactToTicketEvents({
    sla,
    ticketBefore: ticket,
    ticketEvents: step.events,
    now: new Date(timeOf(last)),
    match: step.match,
  });
}

function build(ticket: TicketState, sla: TicketSlaState, history: SlaClockEvent[]): Given {
  return {
    ticket,
    sla,
    history,
    when: (step) => react(ticket, sla, asStep(step)),
    then: (input) => {
      const step = asStep(input);
      const emitted = react(ticket, sla, step);
      return build(step.events.reduce(evolve, ticket), foldTicketSla(emitted, sla), [
        ...history,
        ...emitted,
      ]);
    },
  };
}

export function given(...steps: (Step | TicketEvent)[]): Given {
  return steps.reduce<Given>(
    (state, step) => state.then(step),
    build(initialState(), INITIAL_TICKET_SLA_STATE, []),
  );
}
