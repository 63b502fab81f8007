/**
 * One ticket's recorded events folded into the facts the metrics need (metrics.md, version in
 * metric-definitions.ts). Pure: same events in, same facts out, whatever order they are given in
 * (they are sorted by stream revision, or by time then id when no revision is given).
 *
 * All instants are epoch milliseconds parsed from the ISO strings the events carry; the decision
 * time inside `data` is used (as `evolve` does), so these facts agree with the ticket read model.
 */
import type { Actor } from '../../event-store/event-store.port';
import type { TicketEvent } from '../../tickets/ticket.events';
import { statusAfter, timeOf } from '../../tickets/ticket.state';
import {
  isStaffActorType,
  type Channel,
  type Priority,
  type ReplyAuthor,
  type SupportLevel,
  type TicketStatus,
  type TicketType,
} from '../../tickets/ticket.values';

/** A recorded ticket event as the metrics read it: only what they need from the envelope. */
export type TimelineEvent = TicketEvent & {
  readonly id: string;
  readonly metadata: { readonly actor: Actor; readonly occurredAt: string };
  /** Stream revision; when every event has one it decides the order. */
  readonly revision?: bigint;
};

export interface AgentReplyFact {
  readonly at: number;
  readonly agentId: string;
  /** The team the ticket was in when the reply was sent (attribution at completion). */
  readonly teamId: string | null;
}

/** One next-response cycle: the customer wrote after an agent's public reply. */
export interface ResponseCycle {
  readonly startedAt: number;
  /** The next public human agent reply; null while still waiting. */
  readonly answer: AgentReplyFact | null;
}

export interface SolveFact {
  readonly at: number;
  readonly assigneeId: string | null;
  readonly teamId: string | null;
}

export interface WaitInterval {
  readonly status: 'on_hold' | 'pending';
  readonly from: number;
  /** When the wait ended (resume, solve, close, ...); null while still waiting. */
  readonly to: number | null;
}

export interface EscalationFact {
  readonly at: number;
  readonly reason: string;
  readonly fromLevel: SupportLevel;
  readonly toLevel: SupportLevel;
}

export interface TicketTimeline {
  readonly ticketId: string;
  readonly channel: Channel;
  readonly type: TicketType;
  readonly priority: Priority;
  readonly status: TicketStatus;
  /** Where response and resolution clocks start: the channel's received-at time when it gave one. */
  readonly openedAt: number;
  /** The staff member who opened the ticket on a customer's behalf, or null. */
  readonly openedByAgentId: string | null;
  /** Where FRT ends; null while awaiting a first response. */
  readonly firstResponse: AgentReplyFact | null;
  readonly responseCycles: readonly ResponseCycle[];
  readonly firstSolve: SolveFact | null;
  /** The latest solve, if it still stands (null after a reopen until the next solve). */
  readonly standingSolve: SolveFact | null;
  readonly reopenCount: number;
  /** Public replies by human agents (notes, acknowledgements and bot replies excluded). */
  readonly publicAgentReplyCount: number;
  readonly waits: readonly WaitInterval[];
  readonly escalations: readonly EscalationFact[];
}

/** Null when the events hold no TicketOpened (the ticket does not exist yet). */
export function foldTimeline(events: Iterable<TimelineEvent>): TicketTimeline | null {
  const ordered = inStreamOrder([...events]);
  const opening = ordered.find((event) => event.type === 'TicketOpened');
  if (opening === undefined || opening.type !== 'TicketOpened') return null;
  const builder = new TimelineBuilder(opening);
  for (const event of ordered) if (event !== opening) builder.apply(event);
  return builder.result();
}

function inStreamOrder(events: TimelineEvent[]): TimelineEvent[] {
  if (events.every((event) => event.revision !== undefined)) {
    return events.sort((a, b) => compareBigint(a.revision ?? 0n, b.revision ?? 0n));
  }
  return events.sort(
    (a, b) =>
      instant(timeOf(a)) - instant(timeOf(b)) ||
      instant(a.metadata.occurredAt) - instant(b.metadata.occurredAt) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function instant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return ms;
}

/** Mutable while folding, frozen into a TicketTimeline at the end. */
class TimelineBuilder {
  private readonly ticketId: string;
  private readonly channel: Channel;
  private readonly openedAt: number;
  private readonly openedByAgentId: string | null;
  private type: TicketType;
  private priority: Priority;
  private status: TicketStatus = 'new';
  private teamId: string | null = null;
  private firstResponse: AgentReplyFact | null = null;
  private anyAgentReplied = false;
  private readonly cycles: ResponseCycle[] = [];
  private firstSolve: SolveFact | null = null;
  private standingSolve: SolveFact | null = null;
  private reopenCount = 0;
  private publicAgentReplyCount = 0;
  private readonly waits: WaitInterval[] = [];
  private readonly escalations: EscalationFact[] = [];

  constructor(opening: Extract<TimelineEvent, { type: 'TicketOpened' }>) {
    const data = opening.data;
    this.ticketId = data.ticketId;
    this.channel = data.channel;
    this.type = data.type;
    this.priority = data.priority;
    // receivedAt equals openedAt when the channel gave none; never start after the opening.
    this.openedAt = Math.min(instant(data.receivedAt), instant(data.openedAt));
    const actor = opening.metadata.actor;
    this.openedByAgentId = isStaffActorType(actor.type) ? actor.id : null;
  }

  apply(event: TimelineEvent): void {
    const at = instant(timeOf(event));
    switch (event.type) {
      case 'TicketClassified':
        this.type = event.data.type;
        break;
      case 'TicketReprioritised':
        this.priority = event.data.priority;
        break;
      case 'TicketAssigned':
      case 'TicketUnassigned':
        this.teamId = event.data.teamId;
        break;
      case 'TicketEscalated':
        this.teamId = event.data.toTeamId;
        this.escalations.push({
          at,
          reason: event.data.reason,
          fromLevel: event.data.fromLevel,
          toLevel: event.data.toLevel,
        });
        break;
      case 'TicketReplied':
        this.replied(event.data.author, event.metadata.actor, at);
        break;
      case 'TicketSolved': {
        const solve = { at, assigneeId: event.data.assigneeId, teamId: event.data.teamId };
        this.firstSolve ??= solve;
        this.standingSolve = solve;
        break;
      }
      case 'TicketReopened':
        this.standingSolve = null;
        this.reopenCount += 1;
        break;
      default:
        // Acknowledgements, notes, merges and follow-ups change no metric fact.
        break;
    }
    // The decider's own status rules, so waits agree with the ticket read model.
    this.moveTo(statusAfter(this.status, event), at);
  }

  result(): TicketTimeline {
    return {
      ticketId: this.ticketId,
      channel: this.channel,
      type: this.type,
      priority: this.priority,
      status: this.status,
      openedAt: this.openedAt,
      openedByAgentId: this.openedByAgentId,
      firstResponse: this.firstResponse,
      responseCycles: [...this.cycles],
      firstSolve: this.firstSolve,
      standingSolve: this.standingSolve,
      reopenCount: this.reopenCount,
      publicAgentReplyCount: this.publicAgentReplyCount,
      waits: [...this.waits],
      escalations: [...this.escalations],
    };
  }

  private replied(author: ReplyAuthor, actor: Actor, at: number): void {
    if (isHumanAgentReply(author, actor)) {
      const reply: AgentReplyFact = { at, agentId: author.id, teamId: this.teamId };
      this.publicAgentReplyCount += 1;
      this.anyAgentReplied = true;
      // An agent-opened ticket waits for *that* agent's next public reply (metrics.md, FRT row).
      const endsFirstResponse = this.openedByAgentId === null || this.openedByAgentId === author.id;
      if (this.firstResponse === null && endsFirstResponse) this.firstResponse = reply;
      const open = this.cycles.at(-1);
      if (open !== undefined && open.answer === null) {
        this.cycles[this.cycles.length - 1] = { ...open, answer: reply };
      }
      return;
    }
    if (author.kind !== 'customer' || !this.anyAgentReplied) return;
    const last = this.cycles.at(-1);
    const waiting = last !== undefined && last.answer === null;
    // Several customer messages in a row are one cycle: it starts at the first of them.
    if (!waiting) this.cycles.push({ startedAt: at, answer: null });
  }

  private moveTo(next: TicketStatus, at: number): void {
    if (next === this.status) return;
    const last = this.waits.at(-1);
    if (last !== undefined && last.to === null)
      this.waits[this.waits.length - 1] = { ...last, to: at };
    if (next === 'on_hold' || next === 'pending')
      this.waits.push({ status: next, from: at, to: null });
    this.status = next;
  }
}

/**
 * A bot or macro (`automated`) never counts, and neither does anything the product itself posts
 * (`system` actor), even if mislabelled as an agent: users distrust FRT the moment bots count.
 */
function isHumanAgentReply(author: ReplyAuthor, actor: Actor): boolean {
  return author.kind === 'agent' && actor.type !== 'system';
}
