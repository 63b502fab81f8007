import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal';
import { preconditionFailed } from '../../platform/http/concurrency';
import { CLOCK, type Clock } from '../../platform/time/clock';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';
import type { MergeTarget, MergeTicket } from '../ticket.commands';
import { decide } from '../ticket.decider';
import type { TicketState } from '../ticket.state';

export interface MergeTicketInput {
  /** The source: closed by the merge, pointing at the target. */
  readonly ticketId: string;
  readonly intoTicketId: string;
}

export class MergeTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly input: MergeTicketInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

/**
 * A merge writes two streams, which the EventStore port cannot do atomically. As the decider
 * prescribes, the target records TicketMergeReceived first and the source TicketMerged second, so
 * that a source is never closed by a merge its target does not know of.
 *
 * 1. Both tickets are read and the source's MergeTicket is decided as a dry run (pure), so every
 *    refusal (no such source or target, closed, merge into itself, an agent without access to
 *    either ticket, a stale If-Match on the source) comes before anything is written.
 * 2. ReceiveMergedTicket on the target: idempotent (a merge already received records nothing).
 * 3. MergeTicket on the source, with If-Match when given.
 *
 * A failure between 2 and 3 leaves the target knowing of a merge the source has not made; the
 * same request again converges (2 records nothing, 3 completes), and so does any retry once the
 * source is merged into that target (answered with the source as it stands). If the source is
 * closed or merged elsewhere between 1 and 3 — a race with another writer — 3 is refused and the
 * target keeps a TicketMergeReceived for a merge that did not happen; read models should treat a
 * source as merged only on its own TicketMerged.
 */
@CommandHandler(MergeTicketCommand)
export class MergeTicketHandler implements ICommandHandler<
  MergeTicketCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, caller }: MergeTicketCommand): Promise<TicketCommandOutcome> {
    const { ticketId, intoTicketId } = input;
    const source = await this.runner.load(ticketId);
    if (caller.ifMatch !== undefined && source.revision !== caller.ifMatch) {
      throw preconditionFailed(source.revision);
    }
    await this.mayAct(caller.principal, source.state);
    if (source.state.exists && source.state.mergedInto === intoTicketId) {
      // Already done (a retry after success, or after a lost response): nothing more to record.
      return { ticketId, revision: source.revision, events: [], state: source.state };
    }
    const target = await this.runner.load(intoTicketId);
    if (intoTicketId !== ticketId) await this.mayAct(caller.principal, target.state);
    decide(
      this.mergeCommand(input, caller, targetOf(intoTicketId, target.state), this.clock.now()),
      source.state,
    );

    await this.runner.run({
      ticketId: intoTicketId,
      context: caller.context,
      build: async (state, now) => {
        await this.mayAct(caller.principal, state);
        return {
          type: 'ReceiveMergedTicket',
          data: { ticketId: intoTicketId, sourceTicketId: ticketId },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });

    return this.runner.run({
      ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        await this.mayAct(caller.principal, state);
        const current = await this.runner.load(intoTicketId);
        return this.mergeCommand(input, caller, targetOf(intoTicketId, current.state), now);
      },
    });
  }

  private mergeCommand(
    input: MergeTicketInput,
    caller: TicketCommandCaller,
    target: MergeTarget,
    now: Date,
  ): MergeTicket {
    return {
      type: 'MergeTicket',
      data: { ticketId: input.ticketId, target },
      metadata: { actor: caller.context.actor, now },
    };
  }

  private async mayAct(principal: Principal | undefined, state: TicketState): Promise<void> {
    if (principal) await this.access.assertMayAct(principal, state);
  }
}

function targetOf(ticketId: string, state: TicketState): MergeTarget {
  return { ticketId, status: state.exists ? state.status : 'not_found' };
}
