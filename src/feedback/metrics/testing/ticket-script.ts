/**
 * Test-only: writes one ticket's recorded events in a few readable lines, with times given as
 * minutes after T0, so hand-computed expectations stay obvious in the specs.
 */
import type { Actor } from '../../../event-store/event-store.port';
import type { TicketEvent } from '../../../tickets/ticket.events';
import type { AuthorKind, SupportLevel } from '../../../tickets/ticket.values';
import type { TimelineEvent } from '../ticket-timeline';

export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const CUSTOMER: Actor = { type: 'customer', id: 'c-1' };
export const SYSTEM: Actor = { type: 'system', id: 'servicetrail' };
export const agent = (id: string): Actor => ({ type: 'agent', id });

export function iso(minutes: number): string {
  return new Date(T0 + minutes * MINUTE).toISOString();
}

export class TicketScript {
  private readonly events: TimelineEvent[] = [];

  constructor(private readonly ticketId = 't-1') {}

  opened(
    minutes: number,
    options: { by?: Actor; receivedAtMinutes?: number; channel?: 'email' | 'web' } = {},
  ): this {
    return this.push(minutes, options.by ?? CUSTOMER, {
      type: 'TicketOpened',
      data: {
        ticketId: this.ticketId,
        channel: options.channel ?? 'email',
        subject: 'Printer jam',
        description: 'It jams',
        customer: {
          id: 'c-1',
          name: 'Ann',
          email: 'ann@example.test',
          phone: null,
          tier: 'standard',
        },
        type: 'incident',
        priority: 'normal',
        tags: [],
        language: 'en',
        receivedAt: iso(options.receivedAtMinutes ?? minutes),
        openedAt: iso(minutes),
        followUpOf: null,
      },
    });
  }

  acknowledged(minutes: number): this {
    return this.push(minutes, SYSTEM, {
      type: 'TicketReceiptAcknowledged',
      data: {
        ticketId: this.ticketId,
        channel: 'email',
        customerId: 'c-1',
        acknowledgedAt: iso(minutes),
      },
    });
  }

  replied(minutes: number, kind: AuthorKind, authorId: string, actor?: Actor): this {
    const recordedBy =
      actor ?? (kind === 'customer' ? CUSTOMER : kind === 'agent' ? agent(authorId) : SYSTEM);
    return this.push(minutes, recordedBy, {
      type: 'TicketReplied',
      data: {
        ticketId: this.ticketId,
        author: { kind, id: authorId },
        body: 'text',
        repliedAt: iso(minutes),
      },
    });
  }

  note(minutes: number, agentId: string): this {
    return this.push(minutes, agent(agentId), {
      type: 'InternalNoteAdded',
      data: {
        ticketId: this.ticketId,
        authorId: agentId,
        authorRole: 'agent',
        body: 'n',
        addedAt: iso(minutes),
      },
    });
  }

  assigned(minutes: number, agentId: string | null, teamId: string | null): this {
    return this.push(minutes, agent('lead'), {
      type: 'TicketAssigned',
      data: {
        ticketId: this.ticketId,
        agentId,
        teamId,
        previousAgentId: null,
        previousTeamId: null,
        assignedAt: iso(minutes),
      },
    });
  }

  escalated(minutes: number, reason: string, fromLevel: SupportLevel, toLevel: SupportLevel): this {
    return this.push(minutes, agent('a-1'), {
      type: 'TicketEscalated',
      data: {
        ticketId: this.ticketId,
        reason,
        fromLevel,
        toLevel,
        fromTeamId: null,
        toTeamId: `team-l${toLevel}`,
        unassignedAgentId: null,
        escalatedAt: iso(minutes),
      },
    });
  }

  onHold(minutes: number): this {
    return this.push(minutes, agent('a-1'), {
      type: 'TicketPutOnHold',
      data: {
        ticketId: this.ticketId,
        previousStatus: 'open',
        reason: null,
        putOnHoldAt: iso(minutes),
      },
    });
  }

  pending(minutes: number): this {
    return this.push(minutes, agent('a-1'), {
      type: 'TicketMarkedPending',
      data: {
        ticketId: this.ticketId,
        previousStatus: 'open',
        reason: null,
        markedPendingAt: iso(minutes),
      },
    });
  }

  resumed(minutes: number, from: 'on_hold' | 'pending'): this {
    return this.push(minutes, agent('a-1'), {
      type: 'TicketResumed',
      data: {
        ticketId: this.ticketId,
        previousStatus: from,
        trigger: 'manual',
        resumedAt: iso(minutes),
      },
    });
  }

  solved(
    minutes: number,
    assigneeId: string | null = 'a-1',
    teamId: string | null = 'team-1',
  ): this {
    return this.push(minutes, agent(assigneeId ?? 'a-1'), {
      type: 'TicketSolved',
      data: {
        ticketId: this.ticketId,
        resolutionCode: 'fixed',
        summary: 'done',
        assigneeId,
        teamId,
        solvedAt: iso(minutes),
      },
    });
  }

  reopened(minutes: number): this {
    return this.push(minutes, CUSTOMER, {
      type: 'TicketReopened',
      data: {
        ticketId: this.ticketId,
        reason: 'still broken',
        trigger: 'customer_reply',
        reopenedAt: iso(minutes),
      },
    });
  }

  closed(minutes: number): this {
    return this.push(minutes, SYSTEM, {
      type: 'TicketClosed',
      data: { ticketId: this.ticketId, mode: 'automatic', closedAt: iso(minutes) },
    });
  }

  build(): TimelineEvent[] {
    return [...this.events];
  }

  private push(minutes: number, actor: Actor, event: TicketEvent): this {
    const revision = BigInt(this.events.length);
    this.events.push({
      ...event,
      id: `${this.ticketId}-e${revision}`,
      metadata: { actor, occurredAt: iso(minutes) },
      revision,
    });
    return this;
  }
}
