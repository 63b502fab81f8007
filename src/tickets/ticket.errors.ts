/**
 * The rules a ticket command can break. Each is a DomainError (a plain Error subclass, no Nest):
 * the problem-details filter renders it with `type` https://servicetrail.dev/problems/<type>, its
 * `status`, and the `extensions` as extra members. Slugs are part of the API: never rename one.
 *
 * Statuses: 409 when the command conflicts with the ticket's current state (an illegal transition,
 * a closed ticket, an agent who cannot take work), 422 when the command itself breaks a rule
 * whatever the state (a blank reason, merging a ticket into itself), 404 when the ticket does not
 * exist.
 */
import { DomainError } from '../platform/http/domain-error';
import type { TicketCommandType } from './ticket.commands';
import type { TicketStatus } from './ticket.values';

/** Base of every ticket rule violation, so callers can catch them as a group. */
export class TicketError extends DomainError {}

export class TicketNotFound extends TicketError {
  constructor(ticketId: string) {
    super({
      type: 'ticket-not-found',
      title: 'The ticket does not exist',
      detail: `There is no ticket ${ticketId}.`,
      status: 404,
      extensions: { ticketId },
    });
  }
}

export class TicketAlreadyExists extends TicketError {
  constructor(ticketId: string) {
    super({
      type: 'ticket-already-exists',
      title: 'The ticket already exists',
      detail: `Ticket ${ticketId} has already been opened.`,
      status: 409,
      extensions: { ticketId },
    });
  }
}

/** Closed is final: nothing but a customer's message (which opens a follow-up) is accepted. */
export class TicketClosed extends TicketError {
  constructor(ticketId: string, command: TicketCommandType) {
    super({
      type: 'ticket-closed',
      title: 'The ticket is closed',
      detail: `Ticket ${ticketId} is closed and cannot take ${command}; a customer message opens a follow-up ticket instead.`,
      status: 409,
      extensions: { ticketId, command, currentStatus: 'closed' },
    });
  }
}

/** A customer wrote on a ticket that was merged away: the message belongs on `mergedInto`. */
export class TicketMergedAway extends TicketError {
  constructor(ticketId: string, mergedInto: string) {
    super({
      type: 'ticket-merged',
      title: 'The ticket was merged into another ticket',
      detail: `Ticket ${ticketId} was merged into ticket ${mergedInto}; write there instead.`,
      status: 409,
      extensions: { ticketId, mergedInto },
    });
  }
}

export class TicketAlreadySolved extends TicketError {
  constructor(ticketId: string) {
    super({
      type: 'ticket-already-solved',
      title: 'The ticket is already solved',
      detail: `Ticket ${ticketId} is already solved; reopen it first to solve it again.`,
      status: 409,
      extensions: { ticketId, currentStatus: 'solved' },
    });
  }
}

/** The command is not allowed from the ticket's current status (see the table in ticket.decider.ts). */
export class IllegalTicketTransition extends TicketError {
  constructor(ticketId: string, command: TicketCommandType, currentStatus: TicketStatus) {
    super({
      type: 'illegal-transition',
      title: 'The ticket cannot do that in its current status',
      detail: `Ticket ${ticketId} is ${currentStatus}; ${command} is not allowed from there.`,
      status: 409,
      extensions: { ticketId, command, currentStatus },
    });
  }
}

export class AgentNotFound extends TicketError {
  constructor(agentId: string) {
    super({
      type: 'agent-not-found',
      title: 'The agent does not exist',
      detail: `There is no agent ${agentId} to assign the ticket to.`,
      status: 409,
      extensions: { agentId },
    });
  }
}

export class AgentDeactivated extends TicketError {
  constructor(agentId: string) {
    super({
      type: 'agent-deactivated',
      title: 'The agent is deactivated',
      detail: `Agent ${agentId} is deactivated and cannot be given tickets.`,
      status: 409,
      extensions: { agentId },
    });
  }
}

export class TeamNotFound extends TicketError {
  constructor(teamId: string) {
    super({
      type: 'team-not-found',
      title: 'The team does not exist',
      detail: `There is no team ${teamId}.`,
      status: 409,
      extensions: { teamId },
    });
  }
}

export class TeamDeactivated extends TicketError {
  constructor(teamId: string) {
    super({
      type: 'team-deactivated',
      title: 'The team is deactivated',
      detail: `Team ${teamId} is deactivated and cannot be given tickets.`,
      status: 409,
      extensions: { teamId },
    });
  }
}

/** De-escalation is not an escalation: the support level only goes up. */
export class EscalationLevelNotHigher extends TicketError {
  constructor(ticketId: string, currentLevel: number, requestedLevel: number) {
    super({
      type: 'escalation-level-not-higher',
      title: 'An escalation cannot lower the support level',
      detail: `Ticket ${ticketId} is at level ${currentLevel}; it cannot be escalated to level ${requestedLevel}.`,
      status: 409,
      extensions: { ticketId, currentLevel, requestedLevel },
    });
  }
}

export class MergeIntoSelf extends TicketError {
  constructor(ticketId: string) {
    super({
      type: 'merge-into-self',
      title: 'A ticket cannot be merged into itself',
      detail: `Ticket ${ticketId} cannot be merged into itself.`,
      status: 422,
      extensions: { ticketId },
    });
  }
}

export class MergeTargetNotFound extends TicketError {
  constructor(targetTicketId: string) {
    super({
      type: 'merge-target-not-found',
      title: 'The merge target does not exist',
      detail: `There is no ticket ${targetTicketId} to merge into.`,
      status: 422,
      extensions: { targetTicketId },
    });
  }
}

export class MergeTargetClosed extends TicketError {
  constructor(targetTicketId: string) {
    super({
      type: 'merge-target-closed',
      title: 'The merge target is closed',
      detail: `Ticket ${targetTicketId} is closed; tickets cannot be merged into it.`,
      status: 409,
      extensions: { targetTicketId },
    });
  }
}

/** The reply's author does not fit the actor submitting it (e.g. an agent reply not by that agent). */
export class ReplyAuthorNotAllowed extends TicketError {
  constructor(detail: string) {
    super({
      type: 'reply-author-not-allowed',
      title: 'The reply author does not match who is sending it',
      detail,
      status: 422,
    });
  }
}

export class InternalNoteStaffOnly extends TicketError {
  constructor(actorType: string) {
    super({
      type: 'internal-note-staff-only',
      title: 'Only staff can write internal notes',
      detail: `A ${actorType} cannot write internal notes; only agents, supervisors and admins can.`,
      status: 422,
      extensions: { actorType },
    });
  }
}

/** Only the system (the auto-close timer) closes tickets automatically. */
export class AutoCloseSystemOnly extends TicketError {
  constructor(actorType: string) {
    super({
      type: 'auto-close-system-only',
      title: 'Only the system closes tickets automatically',
      detail: `A ${actorType} cannot close a ticket automatically; close it manually instead.`,
      status: 422,
      extensions: { actorType },
    });
  }
}

/** The auto-close timer fired for a solve that no longer stands (the ticket was reopened since). */
export class AutoCloseStale extends TicketError {
  constructor(ticketId: string, scheduledForSolvedAt: string, currentSolvedAt: string | null) {
    super({
      type: 'auto-close-stale',
      title: 'The auto-close timer is for an earlier solve',
      detail: `Ticket ${ticketId} was scheduled to close for its solve at ${scheduledForSolvedAt}, which no longer stands.`,
      status: 409,
      extensions: { ticketId, scheduledForSolvedAt, currentSolvedAt },
    });
  }
}

/** A field of the command breaks a rule the types cannot express (blank text, a future time). */
export class InvalidTicketCommand extends TicketError {
  constructor(field: string, detail: string) {
    super({
      type: 'invalid-ticket-command',
      title: 'The command is not valid',
      detail,
      status: 422,
      extensions: { field },
    });
  }
}
