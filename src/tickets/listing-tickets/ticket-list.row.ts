/**
 * One row of the ticket list read model, and how a ticket event changes it. Pure, so that the
 * live projection, a rebuild and the unit tests apply exactly the same rules; statuses follow the
 * decider's own `statusAfter`, times its own `timeOf`.
 */
import type { TicketEvent } from '../ticket.events';
import { statusAfter, timeOf } from '../ticket.state';
import {
  PRIORITIES,
  type Channel,
  type CustomerTier,
  type Priority,
  type TicketStatus,
  type TicketType,
} from '../ticket.values';

export interface TicketListRow {
  readonly id: string;
  readonly subject: string;
  readonly status: TicketStatus;
  readonly priority: Priority;
  readonly type: TicketType;
  readonly channel: Channel;
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  readonly customerId: string;
  readonly customerName: string;
  readonly customerTier: CustomerTier;
  readonly tags: readonly string[];
  readonly language: string;
  readonly supportLevel: number;
  /** ISO-8601: when the ticket was opened. */
  readonly createdAt: string;
  /** ISO-8601: the time of the latest event of the ticket. */
  readonly updatedAt: string;
  /** The stream revision of the latest event applied. */
  readonly revision: bigint;
}

/** low 0 … urgent 3: the order PRIORITIES lists them in. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

/**
 * The row after `event` (recorded at stream `revision`). Returns `undefined` when there is no
 * ticket yet and the event is not its opening (nothing to show), and the row unchanged for a
 * second TicketOpened (the decider's fold ignores it too).
 */
export function applyToListRow(
  row: TicketListRow | undefined,
  event: TicketEvent,
  revision: bigint,
): TicketListRow | undefined {
  if (event.type === 'TicketOpened') {
    if (row) return row;
    const data = event.data;
    return {
      id: data.ticketId,
      subject: data.subject,
      status: 'new',
      priority: data.priority,
      type: data.type,
      channel: data.channel,
      teamId: null,
      assigneeId: null,
      customerId: data.customer.id,
      customerName: data.customer.name,
      customerTier: data.customer.tier,
      tags: [...data.tags],
      language: data.language,
      supportLevel: 1,
      createdAt: data.openedAt,
      updatedAt: data.openedAt,
      revision,
    };
  }
  if (!row) return undefined;
  return {
    ...row,
    ...changedFields(row, event),
    status: statusAfter(row.status, event),
    updatedAt: timeOf(event),
    revision,
  };
}

/** The columns other than status, updatedAt and revision that an event changes. */
function changedFields(row: TicketListRow, event: TicketEvent): Partial<TicketListRow> {
  switch (event.type) {
    case 'TicketClassified':
      return { type: event.data.type, tags: [...event.data.tags] };
    case 'TicketReprioritised':
      return { priority: event.data.priority };
    case 'TicketCustomerTierChanged':
      return { customerTier: event.data.tier };
    case 'TicketAssigned':
    case 'TicketUnassigned':
      return { assigneeId: event.data.agentId, teamId: event.data.teamId };
    case 'TicketEscalated':
      return {
        supportLevel: event.data.toLevel,
        teamId: event.data.toTeamId,
        assigneeId: event.data.unassignedAgentId !== null ? null : row.assigneeId,
      };
    default:
      return {};
  }
}
