import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  EVENT_STORE,
  type Actor,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { preconditionFailed } from '../../platform/http/concurrency';
import { ID_GENERATOR, type IdGenerator } from '../../platform/ids/id-generator';
import { OpenFollowUpTicketCommand } from '../open-follow-up-ticket/open-follow-up-ticket.command';
import { PendingFollowUps } from '../open-follow-up-ticket/pending-follow-ups';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';
import type { TicketEvent, TicketFollowUpRequested } from '../ticket.events';
import { foldTicket, type TicketState } from '../ticket.state';
import { ticketStreamName, type AuthorKind, type ReplyAuthor } from '../ticket.values';

export interface ReplyInput {
  readonly body: string;
  /** Absent: the caller, as a human agent. An absent id takes the default of its kind. */
  readonly author?: { readonly kind: AuthorKind; readonly id?: string };
}

export interface ReplyOutcome extends TicketCommandOutcome {
  /** Set when the message was a customer's on a closed ticket: the follow-up ticket it opened. */
  readonly followUpTicketId: string | null;
}

/**
 * A public message on a ticket. The decider records the author kind (only a human agent's reply
 * is a response), reopens a solved ticket or resumes a pending one on a customer's message, and
 * answers a customer's message on a closed ticket with TicketFollowUpRequested, after which this
 * handler opens the follow-up (OpenFollowUpTicketCommand).
 */
export class ReplyToTicketCommand extends Command<ReplyOutcome> {
  constructor(
    readonly ticketId: string,
    readonly input: ReplyInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

/** The author a request names, with the defaults filled in. */
export function replyAuthorOf(
  requested: ReplyInput['author'],
  actor: Actor,
  state: TicketState,
): ReplyAuthor {
  const kind = requested?.kind ?? 'agent';
  switch (kind) {
    case 'agent':
      return { kind, id: requested?.id ?? actor.id };
    case 'customer':
      return { kind, id: requested?.id ?? (state.exists ? state.customer.id : '') };
    case 'automated':
      // The request DTO requires the id; the decider refuses a blank one all the same.
      return { kind, id: requested?.id ?? '' };
  }
}

function isFollowUpRequest(event: TicketEvent): event is TicketFollowUpRequested {
  return event.type === 'TicketFollowUpRequested';
}

@CommandHandler(ReplyToTicketCommand)
export class ReplyToTicketHandler implements ICommandHandler<ReplyToTicketCommand, ReplyOutcome> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
    private readonly commands: CommandBus,
    private readonly pendingFollowUps: PendingFollowUps,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ ticketId, input, caller }: ReplyToTicketCommand): Promise<ReplyOutcome> {
    if (input.author?.kind === 'customer') {
      const retried = await this.completePendingFollowUps(ticketId, input, caller);
      if (retried) return retried;
    }
    // Fresh for every attempt: the decider uses it only for a customer message on a closed ticket.
    const followUpTicketId = this.ids.newId();
    const outcome = await this.runner.run({
      ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        const author = replyAuthorOf(input.author, caller.context.actor, state);
        return {
          type: 'ReplyToTicket',
          data: {
            ticketId,
            author,
            body: input.body,
            ...(author.kind === 'customer' ? { followUpTicketId } : {}),
          },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
    const requested = outcome.events.find(isFollowUpRequest);
    if (!requested || !outcome.state.exists) return { ...outcome, followUpTicketId: null };
    await this.commands.execute(
      new OpenFollowUpTicketCommand(outcome.state, requested.data, caller.context),
    );
    return { ...outcome, followUpTicketId: requested.data.followUpTicketId };
  }

  /**
   * Makes the two-step write converge. If an earlier attempt recorded the follow-up request on
   * the closed ticket but stopped before opening the follow-up, that follow-up is opened now; and
   * when this very message (same customer, same body) is the one that was requested, this request
   * is its retry: it answers with that follow-up instead of requesting a second one. Returns null
   * when there is nothing to resume and the message is to be decided afresh.
   */
  private async completePendingFollowUps(
    ticketId: string,
    input: ReplyInput,
    caller: TicketCommandCaller,
  ): Promise<ReplyOutcome | null> {
    const recorded = await this.eventStore.readStream(ticketStreamName(ticketId));
    const state = foldTicket(recorded.map(asTicketEvent));
    if (!state.exists || state.status !== 'closed') return null;
    if (caller.principal) await this.access.assertMayAct(caller.principal, state);
    const pending = await this.pendingFollowUps.of(recorded);
    if (pending.length === 0) return null;
    for (const { request } of pending) {
      await this.commands.execute(new OpenFollowUpTicketCommand(state, request, caller.context));
    }
    const author = replyAuthorOf(input.author, caller.context.actor, state);
    const retried = pending
      .filter(({ request }) => request.customerId === author.id && request.body === input.body)
      .at(-1);
    if (!retried) return null;
    const revision = recorded.at(-1)?.revision ?? -1n;
    // The retry of a request sent with If-Match carries the revision before the request event.
    if (
      caller.ifMatch !== undefined &&
      caller.ifMatch !== retried.revision - 1n &&
      caller.ifMatch !== revision
    ) {
      throw preconditionFailed(revision);
    }
    return {
      ticketId,
      revision,
      events: [],
      state,
      followUpTicketId: retried.request.followUpTicketId,
    };
  }
}

function asTicketEvent(event: RecordedEvent): TicketEvent {
  return event as unknown as TicketEvent;
}
