/**
 * One ticket as the work queues see it, and how ticket and SLA events change it. Pure, so the
 * projection, a rebuild and the unit tests apply the same rules; the status follows the ticket
 * decider's own `statusAfter`.
 */
import type { TicketEvent } from '../../../tickets/ticket.events';
import { statusAfter } from '../../../tickets/ticket.state';
import {
  PRIORITIES,
  type Channel,
  type CustomerTier,
  type Priority,
  type TicketStatus,
} from '../../../tickets/ticket.values';

export interface QueueTicketRow {
  readonly ticketId: string;
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  readonly status: TicketStatus;
  readonly priority: Priority;
  readonly channel: Channel;
  readonly customerTier: CustomerTier;
  /** ISO-8601: the earliest due time of the ticket's running SLA cycles; null without one. */
  readonly nextDueAt: string | null;
  readonly openedAt: string;
  readonly revision: bigint;
}

/** 0 urgent … 3 low: ascending service order puts the most urgent first. */
export function servicePriority(priority: Priority): number {
  return PRIORITIES.length - 1 - PRIORITIES.indexOf(priority);
}

/** Not solved or closed: work someone still owes the customer. */
export function isActive(row: QueueTicketRow): boolean {
  return row.status !== 'solved' && row.status !== 'closed';
}

/** In the team's queue: new or open, and no agent has it. */
export function isWaiting(row: QueueTicketRow): boolean {
  return (row.status === 'new' || row.status === 'open') && row.assigneeId === null;
}

/** The row after a ticket event; `undefined` while there is no ticket (an event before its opening). */
export function applyTicketEvent(
  row: QueueTicketRow | undefined,
  event: TicketEvent,
  revision: bigint,
): QueueTicketRow | undefined {
  if (event.type === 'TicketOpened') {
    if (row) return row;
    const data = event.data;
    return {
      ticketId: data.ticketId,
      teamId: null,
      assigneeId: null,
      status: 'new',
      priority: data.priority,
      channel: data.channel,
      customerTier: data.customer.tier,
      nextDueAt: null,
      openedAt: data.openedAt,
      revision,
    };
  }
  if (!row) return undefined;
  return { ...row, ...changedFields(row, event), status: statusAfter(row.status, event), revision };
}

function changedFields(row: QueueTicketRow, event: TicketEvent): Partial<QueueTicketRow> {
  switch (event.type) {
    case 'TicketReprioritised':
      return { priority: event.data.priority };
    case 'TicketCustomerTierChanged':
      return { customerTier: event.data.tier };
    case 'TicketAssigned':
    case 'TicketUnassigned':
      return { assigneeId: event.data.agentId, teamId: event.data.teamId };
    case 'TicketEscalated':
      return {
        teamId: event.data.toTeamId,
        assigneeId: event.data.unassignedAgentId !== null ? null : row.assigneeId,
      };
    default:
      return {};
  }
}

/** SLA events carry the ticket's `nextDueAt` after them (sla-clock.events.ts). */
export function applyNextDueAt(
  row: QueueTicketRow | undefined,
  nextDueAt: string | null,
  revision: bigint,
): QueueTicketRow | undefined {
  if (!row) return undefined;
  return { ...row, nextDueAt, revision };
}

/** The counter cells a row adds to: its team's status × priority × assigned cell, its assignee's channel. */
export interface RowContribution {
  readonly teamCell: string | null;
  readonly loadCell: string | null;
}

const SEP = '\u0000';

export function contributionOf(row: QueueTicketRow | undefined): RowContribution {
  if (!row || !isActive(row)) return { teamCell: null, loadCell: null };
  return {
    teamCell: [row.teamId ?? '', row.status, row.priority, row.assigneeId !== null].join(SEP),
    loadCell: row.assigneeId === null ? null : [row.assigneeId, row.channel].join(SEP),
  };
}

export function splitCell(cell: string): string[] {
  return cell.split(SEP);
}
