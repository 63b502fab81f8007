/**
 * Test helper: drives tickets through the real write path (TicketCommandRunner: read, fold,
 * decide, append with metadata to the real event store) without HTTP, so read-model tests can set
 * up any history. The clock is the only fake: advance it between commands to spread milestones.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, EventStore } from '../../../event-store/event-store.port';
import { loadConfig } from '../../../platform/config/config';
import type { FixedClock } from '../../../platform/time/clock';
import { CustomerRecords } from '../../customers/customer-records';
import { TicketCommandRunner, type TicketCommandOutcome } from '../../ticket-command-runner';
import type { OpenTicket, TicketCommand, UnassignScope } from '../../ticket.commands';
import { followUpCommand } from '../../ticket.follow-up';
import type { TicketOpenedData } from '../../ticket.events';
import type { TicketState } from '../../ticket.state';
import { ticketStreamName } from '../../ticket.values';
import type { AuthorKind, Priority, SupportLevel } from '../../ticket.values';

export const SUPERVISOR: Actor = { type: 'supervisor', id: 'sup-1' };
export const SYSTEM: Actor = { type: 'system', id: 'servicetrail' };
export const INTEGRATOR: Actor = { type: 'integrator', id: 'mail-gateway' };
export const agentActor = (id: string): Actor => ({ type: 'agent', id });

export type OpenOptions = Partial<Omit<OpenTicket['data'], 'ticketId'>> & { ticketId?: string };

type CommandData<T extends TicketCommand['type']> = Omit<
  Extract<TicketCommand, { type: T }>['data'],
  'ticketId'
>;

const active = (id: string) => ({ id, status: 'active' as const });

export class TicketDriver {
  private readonly runner: TicketCommandRunner;
  private readonly customers: CustomerRecords;

  constructor(
    readonly store: EventStore,
    readonly clock: FixedClock,
  ) {
    const ids = { newId: () => randomUUID() };
    this.runner = new TicketCommandRunner(store, clock, ids, loadConfig({}));
    this.customers = new CustomerRecords(store, clock, ids, loadConfig({}));
  }

  /**
   * Writes the customer record (`customer-<id>`) from a ticket's TicketOpened, as the open
   * handler does right after opening it.
   */
  async recordCustomer(ticketId: string, actor: Actor = INTEGRATOR): Promise<void> {
    const [opened] = await this.store.readStream(ticketStreamName(ticketId), { maxCount: 1 });
    if (opened?.type !== 'TicketOpened') throw new Error(`ticket ${ticketId} was not opened`);
    await this.customers.recordFromTicket(opened.data as unknown as TicketOpenedData, {
      actor,
      correlationId: randomUUID(),
      causationId: null,
    });
  }

  /** Runs one command as `actor`; `make` gets the current state (e.g. for a solve's time). */
  async run(
    ticketId: string,
    actor: Actor,
    make: (state: TicketState, now: Date) => TicketCommand,
  ): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId,
      context: { actor, correlationId: randomUUID(), causationId: null },
      build: make,
    });
  }

  private command<T extends TicketCommand['type']>(
    ticketId: string,
    actor: Actor,
    type: T,
    data: CommandData<T>,
  ): Promise<TicketCommandOutcome> {
    return this.run(
      ticketId,
      actor,
      (_, now) =>
        ({ type, data: { ...data, ticketId }, metadata: { actor, now } }) as TicketCommand,
    );
  }

  async open(options: OpenOptions = {}, actor: Actor = INTEGRATOR): Promise<string> {
    const ticketId = options.ticketId ?? randomUUID();
    await this.command(ticketId, actor, 'OpenTicket', {
      channel: 'email',
      subject: 'Printer on fire',
      description: 'The office printer is on fire again.',
      customer: {
        id: 'cust-1',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0000',
        tier: 'premium',
      },
      type: 'incident',
      priority: 'high',
      tags: ['Printer', 'fire'],
      language: 'en',
      ...options,
    });
    return ticketId;
  }

  classify(
    ticketId: string,
    data: CommandData<'ClassifyTicket'>,
    actor = SUPERVISOR,
  ): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'ClassifyTicket', data);
  }

  reprioritise(
    ticketId: string,
    priority: Priority,
    reason = 'customer impact',
    actor = SUPERVISOR,
  ): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'ReprioritiseTicket', { priority, reason });
  }

  assign(
    ticketId: string,
    to: { agentId?: string; teamId?: string },
    actor = SUPERVISOR,
  ): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'AssignTicket', {
      ...(to.agentId !== undefined && { agent: active(to.agentId) }),
      ...(to.teamId !== undefined && { team: active(to.teamId) }),
    });
  }

  unassign(
    ticketId: string,
    scope: UnassignScope,
    actor = SUPERVISOR,
  ): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'UnassignTicket', { scope });
  }

  /** A public reply; agents reply as themselves, customers and bots through the integrator. */
  reply(
    ticketId: string,
    kind: AuthorKind,
    authorId: string,
    body: string,
  ): Promise<TicketCommandOutcome> {
    const actor = kind === 'agent' ? agentActor(authorId) : INTEGRATOR;
    return this.command(ticketId, actor, 'ReplyToTicket', {
      author: { kind, id: authorId },
      body,
      ...(kind === 'customer' && { followUpTicketId: randomUUID() }),
    });
  }

  note(ticketId: string, body: string, actor: Actor = SUPERVISOR): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'AddInternalNote', { body });
  }

  escalate(
    ticketId: string,
    to: { level?: SupportLevel; teamId?: string },
    reason = 'needs a specialist',
    actor = SUPERVISOR,
  ): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'EscalateTicket', {
      reason,
      ...(to.level !== undefined && { level: to.level }),
      ...(to.teamId !== undefined && { team: active(to.teamId) }),
    });
  }

  pend(
    ticketId: string,
    reason = 'waiting for the serial number',
    actor = SUPERVISOR,
  ): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'MarkTicketPending', { reason });
  }

  hold(
    ticketId: string,
    reason = 'waiting for the vendor',
    actor = SUPERVISOR,
  ): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'PutTicketOnHold', { reason });
  }

  resume(ticketId: string, actor = SUPERVISOR): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'ResumeTicket', {});
  }

  solve(
    ticketId: string,
    resolutionCode = 'fixed',
    summary = 'Replaced the toner',
    actor = SUPERVISOR,
  ): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'SolveTicket', { resolutionCode, summary });
  }

  reopen(
    ticketId: string,
    reason = 'still burning',
    actor = SUPERVISOR,
  ): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'ReopenTicket', { reason });
  }

  close(ticketId: string, actor = SUPERVISOR): Promise<TicketCommandOutcome> {
    return this.command(ticketId, actor, 'CloseTicket', { mode: 'manual' });
  }

  /** The auto-close timer's command: the system closes the solve it was scheduled for. */
  autoClose(ticketId: string): Promise<TicketCommandOutcome> {
    return this.run(ticketId, SYSTEM, (state, now) => ({
      type: 'CloseTicket',
      data: {
        ticketId,
        mode: 'automatic',
        solvedAt: state.exists && state.solvedAt !== null ? state.solvedAt : now.toISOString(),
      },
      metadata: { actor: SYSTEM, now },
    }));
  }

  /** Merges `sourceId` into `targetId` the way the merge handler does: target first, then source. */
  async merge(sourceId: string, targetId: string, actor = SUPERVISOR): Promise<void> {
    await this.command(targetId, actor, 'ReceiveMergedTicket', { sourceTicketId: sourceId });
    const target = await this.runner.load(targetId);
    await this.command(sourceId, actor, 'MergeTicket', {
      target: {
        ticketId: targetId,
        status: target.state.exists ? target.state.status : 'not_found',
      },
    });
  }

  /**
   * A customer message on a closed ticket: records TicketFollowUpRequested on it and opens the
   * follow-up ticket (as the reply handler does). Returns the follow-up's id.
   */
  async followUp(closedId: string, customerId: string, body: string): Promise<string> {
    const followUpId = randomUUID();
    const outcome = await this.command(closedId, INTEGRATOR, 'ReplyToTicket', {
      author: { kind: 'customer', id: customerId },
      body,
      followUpTicketId: followUpId,
    });
    const requested = outcome.events.find((event) => event.type === 'TicketFollowUpRequested');
    if (!requested || !outcome.state.exists) throw new Error('no follow-up was requested');
    const closed = outcome.state;
    await this.run(followUpId, INTEGRATOR, (_, now) =>
      followUpCommand(closed, requested.data, { actor: INTEGRATOR, now }),
    );
    return followUpId;
  }
}
