/**
 * Test-only: a seeded, randomised month of help-desk events (tickets across channels, types,
 * agents and teams; replies by agents, customers and bots; notes; pending and on-hold waits;
 * escalations; solves, reopens and closes; SLA policies and cycle outcomes; CSAT surveys with
 * replaced answers; NPS ratings), as streams of plain events ready for appendEvents.
 */
import type { Actor } from '../../../event-store/event-store.port';
import type { SlaCalendarDefinition } from '../../../sla/calendars/sla-calendar.definition';
import { CHANNELS, PRIORITIES, TICKET_TYPES } from '../../../tickets/ticket.values';
import { OFFICE_HOURS } from './report-fixtures';
import type { PlainEvent } from './report-test-events';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SYSTEM: Actor = { type: 'system', id: 'servicetrail' };

export const TEAMS: Record<string, readonly string[]> = {
  'team-1': ['a-1', 'a-2', 'a-3'],
  'team-2': ['a-4', 'a-5'],
  'team-3': ['a-6'],
};
const REASONS = ['bug', 'vip', 'billing', 'outage'] as const;

/** Tuesday to Saturday 08:00-16:00 in Berlin, with a holiday: a second business calendar. */
const BERLIN: SlaCalendarDefinition = {
  name: 'Berlin',
  timeZone: 'Europe/Berlin',
  alwaysOpen: false,
  weekdays: Object.fromEntries(
    ['tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((day) => [
      day,
      [{ start: '08:00', end: '16:00' }],
    ]),
  ),
  holidays: [{ date: '2026-03-17' }],
};

/** mulberry32: small, seedable, good enough to vary test data. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomMonth {
  /** Stream name → its events in order. */
  readonly streams: ReadonlyMap<string, PlainEvent[]>;
}

export function randomMonth(seed: number, tickets: number, monthStartMs: number): RandomMonth {
  const random = randomSource(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const chance = (p: number): boolean => random() < p;
  const minutes = (max: number): number =>
    Math.floor(random() * max) * MINUTE + Math.floor(random() * 60) * 1000;
  const streams = new Map<string, PlainEvent[]>();
  const push = (stream: string, event: PlainEvent): void => {
    const list = streams.get(stream) ?? [];
    list.push(event);
    streams.set(stream, list);
  };
  const iso = (ms: number): string => new Date(ms).toISOString();

  for (let n = 1; n <= tickets; n += 1) {
    const ticketId = `rt-${n}`;
    const stream = `ticket-${ticketId}`;
    const events: PlainEvent[] = [];
    const add = (type: string, data: Record<string, unknown>, actor: Actor, at: number): void => {
      events.push({
        id: `${ticketId}-${events.length}`,
        type,
        data: { ticketId, ...data },
        metadata: { actor, occurredAt: iso(at) },
      });
    };
    const channel = pick(CHANNELS);
    const customerId = `c-${1 + Math.floor(random() * 25)}`;
    const customer: Actor = { type: 'customer', id: customerId };
    const openedAt = monthStartMs + Math.floor(random() * 28 * 24 * 60) * MINUTE;
    const receivedAt = channel === 'email' && chance(0.6) ? openedAt - minutes(40) : openedAt;
    const openedByAgent = chance(0.1) ? pick(TEAMS['team-1'] ?? []) : null;
    add(
      'TicketOpened',
      {
        channel,
        subject: `Request ${n}`,
        description: 'Something is wrong',
        customer: { id: customerId, name: 'Customer', email: null, phone: null, tier: 'standard' },
        type: pick(TICKET_TYPES),
        priority: pick(PRIORITIES),
        tags: [],
        language: 'en',
        receivedAt: iso(receivedAt),
        openedAt: iso(openedAt),
        followUpOf: null,
      },
      openedByAgent === null ? customer : { type: 'agent', id: openedByAgent },
      openedAt,
    );
    const policy = chance(0.5) ? (chance(0.5) ? OFFICE_HOURS : BERLIN) : null;
    if (policy !== null) {
      add(
        'SlaPolicyApplied',
        { calendar: policy, cycles: [], nextDueAt: null, appliedAt: iso(openedAt) },
        SYSTEM,
        openedAt,
      );
    }
    let t = openedAt;
    if (channel === 'email' && chance(0.7)) {
      t += MINUTE;
      add('TicketReceiptAcknowledged', { channel, customerId, acknowledgedAt: iso(t) }, SYSTEM, t);
    }
    let team = pick(Object.keys(TEAMS));
    let assignee: string | null = null;
    let level = 1;
    let status = 'new';
    let firstAgentReply: number | null = null;
    let resolutionCycle = 1;
    const solves: { at: number; assignee: string | null; team: string }[] = [];
    const steps = Math.floor(random() * 9);
    for (let step = 0; step < steps && status !== 'closed'; step += 1) {
      t += chance(0.7) ? minutes(180) : minutes(3 * 24 * 60);
      const roll = random();
      if (status === 'solved') {
        if (roll < 0.35) {
          add(
            'TicketReopened',
            { reason: 'again', trigger: 'customer_reply', reopenedAt: iso(t) },
            customer,
            t,
          );
          status = 'open';
        } else if (roll < 0.45) {
          add('TicketClosed', { mode: 'automatic', closedAt: iso(t) }, SYSTEM, t);
          status = 'closed';
        }
        continue;
      }
      if (roll < 0.15 || assignee === null) {
        const agents = TEAMS[team] ?? [];
        const previous = assignee;
        assignee = pick(agents);
        add(
          'TicketAssigned',
          {
            agentId: assignee,
            teamId: team,
            previousAgentId: previous,
            previousTeamId: team,
            assignedAt: iso(t),
          },
          { type: 'supervisor', id: 'sup-1' },
          t,
        );
        if (status === 'new') status = 'open';
      } else if (roll < 0.45) {
        // A public reply by the assignee; now and then recorded by the system (must not count).
        const actor: Actor = chance(0.05) ? SYSTEM : { type: 'agent', id: assignee };
        add(
          'TicketReplied',
          { author: { kind: 'agent', id: assignee }, body: 'answer', repliedAt: iso(t) },
          actor,
          t,
        );
        if (firstAgentReply === null && actor.type !== 'system') firstAgentReply = t;
        if (status === 'new') status = 'open';
      } else if (roll < 0.58) {
        add(
          'TicketReplied',
          { author: { kind: 'customer', id: customerId }, body: 'question', repliedAt: iso(t) },
          customer,
          t,
        );
      } else if (roll < 0.64) {
        add(
          'TicketReplied',
          { author: { kind: 'automated', id: 'bot-1' }, body: 'bot', repliedAt: iso(t) },
          SYSTEM,
          t,
        );
      } else if (roll < 0.7) {
        add(
          'InternalNoteAdded',
          { authorId: assignee, authorRole: 'agent', body: 'note', addedAt: iso(t) },
          { type: 'agent', id: assignee },
          t,
        );
      } else if (roll < 0.78) {
        const wait = chance(0.5) ? 'pending' : 'on_hold';
        add(
          wait === 'pending' ? 'TicketMarkedPending' : 'TicketPutOnHold',
          {
            previousStatus: 'open',
            reason: null,
            [wait === 'pending' ? 'markedPendingAt' : 'putOnHoldAt']: iso(t),
          },
          { type: 'agent', id: assignee },
          t,
        );
        t += minutes(2 * 24 * 60);
        add(
          'TicketResumed',
          { previousStatus: wait, trigger: 'manual', resumedAt: iso(t) },
          { type: 'agent', id: assignee },
          t,
        );
        status = 'open';
      } else if (roll < 0.85 && level < 3) {
        const toTeam = pick(Object.keys(TEAMS));
        const dropped = toTeam !== team ? assignee : null;
        add(
          'TicketEscalated',
          {
            reason: pick(REASONS),
            fromLevel: level,
            toLevel: level + 1,
            fromTeamId: team,
            toTeamId: toTeam,
            unassignedAgentId: dropped,
            escalatedAt: iso(t),
          },
          { type: 'agent', id: assignee },
          t,
        );
        level += 1;
        team = toTeam;
        if (dropped !== null) assignee = null;
      } else {
        add(
          'TicketSolved',
          {
            resolutionCode: 'fixed',
            summary: 'fixed',
            assigneeId: assignee,
            teamId: team,
            solvedAt: iso(t),
          },
          { type: 'agent', id: assignee },
          t,
        );
        solves.push({ at: t, assignee, team });
        status = 'solved';
        if (policy !== null) {
          const outcome = chance(0.7) ? 'achieved' : 'breached';
          add(
            'SlaCycleCompleted',
            cycle(`resolution-${resolutionCycle}`, outcome, openedAt, t),
            SYSTEM,
            t,
          );
          resolutionCycle += 1;
        }
      }
    }
    if (policy !== null && firstAgentReply !== null) {
      const outcome = chance(0.6) ? 'achieved' : 'breached';
      const dueAt =
        outcome === 'achieved'
          ? firstAgentReply + HOUR
          : Math.max(openedAt, firstAgentReply - HOUR);
      if (outcome === 'breached' && chance(0.5)) {
        add(
          'SlaBreached',
          {
            cycleId: 'firstResponse-1',
            target: 'firstResponse',
            dueAt: iso(dueAt),
            breachedAt: iso(dueAt),
            recordedAt: iso(dueAt),
            teamId: team,
            assigneeId: assignee,
            priority: 'normal',
            nextDueAt: null,
          },
          SYSTEM,
          firstAgentReply,
        );
      }
      add(
        'SlaCycleCompleted',
        { ...cycle('firstResponse-1', outcome, openedAt, firstAgentReply), dueAt: iso(dueAt) },
        SYSTEM,
        firstAgentReply,
      );
    }
    for (const event of events) push(stream, event);

    // CSAT: a survey after some solves, answered or not, some answers replaced within 24 h.
    solves.forEach((solve, index) => {
      if (!chance(0.6)) return;
      const surveyId = `sv-${ticketId}-${index}`;
      const issuedAt = solve.at + 5 * MINUTE;
      push(`survey-${surveyId}`, {
        id: `${surveyId}-issued`,
        type: 'SurveyIssued',
        data: {
          surveyId,
          kind: 'csat',
          ticketId,
          customerId,
          agentId: solve.assignee,
          trigger: 'ticket_solved',
          solvedAt: iso(solve.at),
          issuedAt: iso(issuedAt),
          expiresAt: iso(issuedAt + 14 * 24 * HOUR),
        },
        metadata: { actor: SYSTEM, occurredAt: iso(issuedAt) },
      });
      if (!chance(0.7)) return;
      let ratedAt = issuedAt + minutes(600);
      const answers = chance(0.2) ? 2 : 1;
      for (let answer = 0; answer < answers; answer += 1) {
        push(stream, {
          id: `${surveyId}-rated-${answer}`,
          type: 'SatisfactionRated',
          data: {
            ticketId,
            surveyId,
            score: 1 + Math.floor(random() * 5),
            comment: chance(0.5) ? `comment ${surveyId} ${answer}` : null,
            customerId,
            agentId: solve.assignee,
            ratedAt: iso(ratedAt),
            replaces: answer === 0 ? null : `${surveyId}-rated-${answer - 1}`,
          },
          metadata: { actor: customer, occurredAt: iso(ratedAt) },
        });
        ratedAt += minutes(600);
      }
    });
  }

  // NPS: relationship ratings on customer streams, a few replaced.
  for (let n = 1; n <= Math.max(10, Math.floor(tickets / 3)); n += 1) {
    const customerId = `c-${1 + Math.floor(random() * 25)}`;
    const surveyId = `nps-${n}`;
    let ratedAt = monthStartMs + Math.floor(random() * 29 * 24 * 60) * MINUTE;
    const answers = chance(0.15) ? 2 : 1;
    for (let answer = 0; answer < answers; answer += 1) {
      push(`customer-${customerId}`, {
        id: `${surveyId}-rated-${answer}`,
        type: 'NpsRated',
        data: {
          surveyId,
          customerId,
          score: Math.floor(random() * 11),
          comment: chance(0.5) ? `nps comment ${n}` : null,
          ratedAt: iso(ratedAt),
          replaces: answer === 0 ? null : `${surveyId}-rated-${answer - 1}`,
        },
        metadata: { actor: { type: 'customer', id: customerId }, occurredAt: iso(ratedAt) },
      });
      ratedAt += 3 * HOUR;
    }
  }
  return { streams };

  function cycle(
    cycleId: string,
    outcome: string,
    startedAt: number,
    completedAt: number,
  ): Record<string, unknown> {
    return {
      cycleId,
      target: cycleId.replace(/-\d+$/, ''),
      outcome,
      startedAt: iso(startedAt),
      dueAt: iso(
        outcome === 'achieved' ? completedAt + HOUR : Math.max(startedAt, completedAt - HOUR),
      ),
      completedAt: iso(completedAt),
      businessSeconds: 0,
      calendarSeconds: 0,
      nextDueAt: null,
    };
  }
}
