import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ID_GENERATOR, type IdGenerator } from '../../platform/ids/id-generator';
import { CustomerRecords } from '../customers/customer-records';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';
import type { OpenTicketCustomer } from '../ticket.commands';
import type { TicketOpenedData } from '../ticket.events';
import type { Channel, Priority, TicketType } from '../ticket.values';
import type { TicketCommandCaller } from './ticket-command.http';

export interface OpenTicketInput {
  readonly channel: Channel;
  readonly subject: string;
  readonly description: string;
  readonly receivedAt?: string;
  readonly customer: OpenTicketCustomer;
  readonly type: TicketType;
  readonly priority?: Priority;
  readonly tags?: readonly string[];
  readonly language: string;
}

/** Opens a ticket under a fresh id (ID_GENERATOR) and brings the customer record up to date. */
export class OpenTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly input: OpenTicketInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(OpenTicketCommand)
export class OpenTicketHandler implements ICommandHandler<OpenTicketCommand, TicketCommandOutcome> {
  private readonly logger = new Logger('OpenTicket');

  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly customers: CustomerRecords,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ input, caller }: OpenTicketCommand): Promise<TicketCommandOutcome> {
    const ticketId = this.ids.newId();
    // A new stream: the runner appends with `no_stream`, so the fresh id cannot clash silently.
    const outcome = await this.runner.run({
      ticketId,
      context: caller.context,
      build: (_state, now) => ({
        type: 'OpenTicket',
        data: { ticketId, ...input },
        metadata: { actor: caller.context.actor, now },
      }),
    });
    const opened = outcome.events.find((event) => event.type === 'TicketOpened');
    if (opened) await this.recordCustomer(opened.data, caller);
    return outcome;
  }

  /**
   * After the ticket, not with it (see CustomerRecords). A failure here does not fail the
   * request: the ticket is opened and a retry of the request would open a second one. The record
   * converges when it is recorded again for this ticket or with the customer's next ticket.
   */
  private async recordCustomer(
    opened: TicketOpenedData,
    caller: TicketCommandCaller,
  ): Promise<void> {
    try {
      await this.customers.recordFromTicket(opened, caller.context);
    } catch (error) {
      this.logger.error(
        `Ticket ${opened.ticketId} is open but customer record ${opened.customer.id} was not updated: ${
          error instanceof Error ? error.message : String(error)
        }`,
        error instanceof Error ? error.stack : undefined,
      );
    }
  }
}
