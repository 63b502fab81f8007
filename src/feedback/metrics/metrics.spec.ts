import fc from 'fast-check';
import {
  METRIC_DEFINITIONS_VERSION,
  agentWorkTime,
  awaitingFirstResponse,
  escalationRate,
  firstContactResolutionRate,
  firstResolutionTime,
  firstResponseTime,
  foldTimeline,
  fullResolutionTime,
  isFirstContactResolution,
  nextResponseTimes,
  reopenRate,
  requesterWaitTime,
  solvedWithin24h,
  summariseDurations,
  type BusinessDuration,
  type TicketTimeline,
} from './metrics';
import { HOUR, MINUTE, T0, TicketScript, agent } from './testing/ticket-script';

function fold(script: TicketScript): TicketTimeline {
  const timeline = foldTimeline(script.build());
  if (timeline === null) throw new Error('expected a ticket');
  return timeline;
}

/** A stand-in business calendar: only the first 30 minutes of every hour are business time. */
const halfHours: BusinessDuration = (from, to) => {
  let total = 0;
  for (let hour = Math.floor(from / HOUR) * HOUR; hour < to; hour += HOUR) {
    total += Math.max(0, Math.min(to, hour + 30 * MINUTE) - Math.max(from, hour));
  }
  return total;
};

it('states the definition version', () => {
  expect(METRIC_DEFINITIONS_VERSION).toMatch(/^\d{4}-\d{2}-\d+$/);
});

describe('first response time', () => {
  it('runs from the received-at time to the first human public reply, past bot, ack and note', () => {
    const ticket = fold(
      new TicketScript()
        .opened(0, { receivedAtMinutes: -10 })
        .acknowledged(0)
        .replied(1, 'automated', 'bot')
        .note(3, 'a-1')
        .replied(30, 'agent', 'a-1'),
    );
    expect(firstResponseTime(ticket)).toEqual({
      ticketId: 't-1',
      calendarMs: 40 * MINUTE,
      businessMs: 40 * MINUTE, // default business time is calendar time
      completedAt: T0 + 30 * MINUTE,
      agentId: 'a-1',
      teamId: null,
    });
  });

  it('a bot reply is not a first response: the ticket awaits one, with its age at `now`', () => {
    const ticket = fold(
      new TicketScript().opened(0).acknowledged(0).replied(1, 'automated', 'bot'),
    );
    expect(firstResponseTime(ticket)).toBeNull();
    expect(awaitingFirstResponse([ticket], T0 + 2 * HOUR)).toEqual([
      { ticketId: 't-1', openedAt: T0, ageMs: 2 * HOUR },
    ]);
  });

  it('an internal note is not a first response', () => {
    const ticket = fold(new TicketScript().opened(0).note(5, 'a-1'));
    expect(firstResponseTime(ticket)).toBeNull();
  });

  it('measures business time with the injected calendar', () => {
    // 09:00 -> 10:45: business = 30 (09:00-09:30) + 30 (10:00-10:30) = 60 minutes
    const ticket = fold(new TicketScript().opened(0).replied(105, 'agent', 'a-1'));
    const measured = firstResponseTime(ticket, halfHours);
    expect(measured?.calendarMs).toBe(105 * MINUTE);
    expect(measured?.businessMs).toBe(60 * MINUTE);
  });

  it('an agent-opened ticket ends at that agent’s next public reply, not at the opening', () => {
    const ticket = fold(
      new TicketScript()
        .opened(0, { by: agent('a-1'), channel: 'web' })
        .replied(25, 'agent', 'a-1'),
    );
    expect(firstResponseTime(ticket)?.calendarMs).toBe(25 * MINUTE);
  });

  it('summarises count, median, p90 and mean; unanswered tickets stay out', () => {
    const tickets = [10, 20, 30, 300].map((answerAfter, i) =>
      fold(new TicketScript(`t-${i}`).opened(0).replied(answerAfter, 'agent', 'a-1')),
    );
    tickets.push(fold(new TicketScript('t-waiting').opened(0)));
    const measurements = tickets.map((t) => firstResponseTime(t)).filter((m) => m !== null);
    const { calendar } = summariseDurations(measurements);
    expect(calendar.count).toBe(4);
    expect(calendar.median).toBe(25 * MINUTE); // (20 + 30) / 2
    expect(calendar.mean).toBe(90 * MINUTE); // 360 / 4: the outlier pulls the mean, not the median
    expect(calendar.p90).toBeCloseTo(219 * MINUTE, 3); // h = 2.7 -> 30 + 0.7 * (300 - 30)
  });
});

describe('awaiting first response', () => {
  it('lists open unanswered tickets oldest first and skips solved, answered and future ones', () => {
    const tickets = [
      fold(new TicketScript('young').opened(50)),
      fold(new TicketScript('old').opened(0)),
      fold(new TicketScript('answered').opened(0).replied(5, 'agent', 'a-1')),
      fold(new TicketScript('solved-silently').opened(0).solved(5)),
      fold(new TicketScript('future').opened(500)),
    ];
    expect(awaitingFirstResponse(tickets, T0 + 60 * MINUTE)).toEqual([
      { ticketId: 'old', openedAt: T0, ageMs: 60 * MINUTE },
      { ticketId: 'young', openedAt: T0 + 50 * MINUTE, ageMs: 10 * MINUTE },
    ]);
  });
});

describe('next response time', () => {
  it('measures each answered cycle from the first customer message after an agent reply', () => {
    const ticket = fold(
      new TicketScript()
        .opened(0)
        .replied(10, 'agent', 'a-1')
        .replied(60, 'customer', 'c-1')
        .replied(65, 'customer', 'c-1')
        .replied(70, 'automated', 'bot')
        .replied(100, 'agent', 'a-2')
        .replied(200, 'customer', 'c-1'),
    );
    expect(nextResponseTimes(ticket).map((m) => [m.calendarMs, m.agentId])).toEqual([
      [40 * MINUTE, 'a-2'],
    ]);
  });
});

describe('resolution', () => {
  const reopened = (): TicketTimeline =>
    fold(
      new TicketScript()
        .opened(0)
        .replied(10, 'agent', 'a-1')
        .solved(2 * 60, 'a-1', 'team-1')
        .reopened(5 * 60)
        .replied(6 * 60, 'agent', 'a-2')
        .solved(8 * 60, 'a-2', 'team-2'),
    );

  it('first resolution runs to the first solve, full resolution from opening to the last solve', () => {
    const ticket = reopened();
    expect(firstResolutionTime(ticket)).toMatchObject({
      calendarMs: 2 * HOUR,
      assigneeId: 'a-1',
      teamId: 'team-1',
    });
    // 8 h from the opening, not 3 h from the reopen.
    expect(fullResolutionTime(ticket)).toMatchObject({
      calendarMs: 8 * HOUR,
      completedAt: T0 + 8 * HOUR,
      assigneeId: 'a-2',
      teamId: 'team-2',
    });
  });

  it('a reopened ticket not yet solved again has a first but no full resolution', () => {
    const ticket = fold(new TicketScript().opened(0).solved(60).reopened(90));
    expect(firstResolutionTime(ticket)?.calendarMs).toBe(HOUR);
    expect(fullResolutionTime(ticket)).toBeNull();
    expect(requesterWaitTime(ticket)).toBeNull();
  });

  it('requester wait excludes on hold; agent work also excludes pending', () => {
    const ticket = fold(
      new TicketScript().opened(0).onHold(60).resumed(180, 'on_hold').pending(240).solved(360),
    );
    expect(fullResolutionTime(ticket)?.calendarMs).toBe(6 * HOUR);
    expect(requesterWaitTime(ticket)?.calendarMs).toBe(4 * HOUR); // 6 - 2 on hold
    expect(agentWorkTime(ticket)?.calendarMs).toBe(2 * HOUR); // also - 2 pending (04:00 -> solve)
  });

  it('subtracts waits in business time too', () => {
    // open 09:00-15:00 = 6 business half-hours (180 min); on hold 10:00-12:00 = 2 half-hours (60 min)
    const ticket = fold(
      new TicketScript().opened(0).onHold(60).resumed(180, 'on_hold').solved(360),
    );
    expect(requesterWaitTime(ticket, halfHours)?.businessMs).toBe(120 * MINUTE);
  });

  it('counts a hold before a reopen, measured up to the last solve', () => {
    const ticket = fold(
      new TicketScript()
        .opened(0)
        .onHold(30)
        .resumed(90, 'on_hold')
        .solved(120)
        .reopened(150)
        .solved(180),
    );
    expect(requesterWaitTime(ticket)?.calendarMs).toBe(120 * MINUTE); // 180 - 60 on hold
  });

  it('takes off a hold that the solve itself ended', () => {
    const ticket = fold(new TicketScript().opened(0).onHold(60).solved(150));
    expect(requesterWaitTime(ticket)?.calendarMs).toBe(60 * MINUTE); // 150 - 90 on hold
  });
});

describe('rates', () => {
  const oneTouch = fold(new TicketScript('fcr').opened(0).replied(10, 'agent', 'a-1').solved(20));
  const twoReplies = fold(
    new TicketScript('two')
      .opened(0)
      .replied(10, 'agent', 'a-1')
      .replied(15, 'customer', 'c-1')
      .replied(30, 'agent', 'a-1')
      .solved(40),
  );
  const reopenedOnce = fold(
    new TicketScript('reopened').opened(0).replied(10, 'agent', 'a-1').solved(20).reopened(30),
  );
  const botOnly = fold(
    new TicketScript('bot').opened(0).replied(1, 'automated', 'bot').note(2, 'a-1').solved(3),
  );
  const slow = fold(
    new TicketScript('slow')
      .opened(0)
      .replied(10, 'agent', 'a-1')
      .solved(24 * 60 + 1),
  );
  const exactly24h = fold(
    new TicketScript('24h')
      .opened(0)
      .replied(5, 'agent', 'a-1')
      .solved(24 * 60),
  );
  const unsolved = fold(new TicketScript('open').opened(0).replied(10, 'agent', 'a-1'));

  it('FCR: solved, exactly one public human agent reply, never reopened', () => {
    expect(isFirstContactResolution(oneTouch)).toBe(true);
    expect(isFirstContactResolution(twoReplies)).toBe(false);
    expect(isFirstContactResolution(reopenedOnce)).toBe(false);
    expect(isFirstContactResolution(botOnly)).toBe(false); // bot replies and notes are not touches
    expect(isFirstContactResolution(unsolved)).toBe(false);
    // solved: fcr, two, reopened, bot, slow, 24h -> FCR: fcr, slow, 24h
    expect(
      firstContactResolutionRate([
        oneTouch,
        twoReplies,
        reopenedOnce,
        botOnly,
        slow,
        exactly24h,
        unsolved,
      ]),
    ).toEqual({ numerator: 3, denominator: 6, rate: 0.5 });
  });

  it('reopen rate: solved tickets reopened at least once over solved tickets', () => {
    expect(reopenRate([oneTouch, twoReplies, reopenedOnce, unsolved])).toEqual({
      numerator: 1,
      denominator: 3,
      rate: 1 / 3,
    });
    expect(reopenRate([unsolved]).rate).toBeNull();
  });

  it('solved within 24 h counts first resolutions of at most 24 h calendar time', () => {
    expect(solvedWithin24h([oneTouch, slow, exactly24h, unsolved])).toEqual({
      numerator: 2,
      denominator: 3,
      rate: 2 / 3,
    });
  });

  it('escalation rate over opened tickets, with counts by reason and level', () => {
    const twice = fold(
      new TicketScript('twice').opened(0).escalated(5, 'outage', 1, 2).escalated(9, 'outage', 2, 3),
    );
    const once = fold(new TicketScript('once').opened(0).escalated(5, 'needs expert', 1, 2));
    const result = escalationRate([twice, once, oneTouch, unsolved]);
    expect(result).toEqual({
      numerator: 2,
      denominator: 4,
      rate: 0.5,
      byReason: [
        { key: 'needs expert', escalations: 1, tickets: 1 },
        { key: 'outage', escalations: 2, tickets: 1 },
      ],
      byLevel: [
        { key: 2, escalations: 2, tickets: 2 },
        { key: 3, escalations: 1, tickets: 1 },
      ],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// properties over random ticket histories

type Step =
  | { kind: 'reply'; author: 'agent' | 'customer' | 'automated'; id: string }
  | { kind: 'note' }
  | { kind: 'solve' }
  | { kind: 'reopen' }
  | { kind: 'hold' }
  | { kind: 'pending' }
  | { kind: 'resume' }
  | { kind: 'escalate'; reason: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('reply' as const),
    author: fc.constantFrom('agent' as const, 'customer' as const, 'automated' as const),
    id: fc.constantFrom('a-1', 'a-2'),
  }),
  fc.constant({ kind: 'note' as const }),
  fc.constant({ kind: 'solve' as const }),
  fc.constant({ kind: 'reopen' as const }),
  fc.constant({ kind: 'hold' as const }),
  fc.constant({ kind: 'pending' as const }),
  fc.constant({ kind: 'resume' as const }),
  fc.record({
    kind: fc.constant('escalate' as const),
    reason: fc.constantFrom('outage', 'expert'),
  }),
);

interface History {
  readonly byAgent: boolean;
  readonly steps: readonly (readonly [Step, number])[];
}

const historyArb: fc.Arbitrary<History> = fc.record({
  byAgent: fc.boolean(),
  steps: fc.array(fc.tuple(stepArb, fc.integer({ min: 0, max: 120 })), { maxLength: 25 }),
});

/** Times only move forward (gaps may be 0, so several events can share a minute). */
function script(id: string, history: History): TicketScript {
  const s = new TicketScript(id).opened(0, history.byAgent ? { by: agent('a-1') } : {});
  let minute = 0;
  for (const [step, gap] of history.steps) {
    minute += gap;
    switch (step.kind) {
      case 'reply':
        s.replied(minute, step.author, step.author === 'customer' ? 'c-1' : step.id);
        break;
      case 'note':
        s.note(minute, 'a-1');
        break;
      case 'solve':
        s.solved(minute);
        break;
      case 'reopen':
        s.reopened(minute);
        break;
      case 'hold':
        s.onHold(minute);
        break;
      case 'pending':
        s.pending(minute);
        break;
      case 'resume':
        s.resumed(minute, 'on_hold');
        break;
      case 'escalate':
        s.escalated(minute, step.reason, 1, 2);
        break;
    }
  }
  return s;
}

describe('metric properties', () => {
  it('folding is order-deterministic: any permutation of a recorded stream folds the same', () => {
    fc.assert(
      fc.property(historyArb, fc.infiniteStream(fc.nat()), (history, randoms) => {
        const events = script('t-1', history).build();
        const shuffled = events
          .map((event) => ({ event, key: randoms.next().value }))
          .sort((a, b) => a.key - b.key)
          .map(({ event }) => event);
        expect(foldTimeline(shuffled)).toEqual(foldTimeline(events));
      }),
    );
  });

  it('without revisions, any permutation still folds the same (ordered by time, then id)', () => {
    fc.assert(
      fc.property(historyArb, fc.infiniteStream(fc.nat()), (history, randoms) => {
        const events = script('t-1', history)
          .build()
          .map(({ revision: _revision, ...event }) => event);
        const shuffled = events
          .map((event) => ({ event, key: randoms.next().value }))
          .sort((a, b) => a.key - b.key)
          .map(({ event }) => event);
        expect(foldTimeline(shuffled)).toEqual(foldTimeline(events.reverse()));
      }),
    );
  });

  it('FCR, reopen, 24 h and escalation rates stay within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(historyArb, { maxLength: 8 }), (histories) => {
        const tickets = histories.map((h, i) => fold(script(`t-${i}`, h)));
        for (const r of [
          firstContactResolutionRate(tickets),
          reopenRate(tickets),
          solvedWithin24h(tickets),
          escalationRate(tickets),
        ]) {
          expect(r.numerator).toBeLessThanOrEqual(r.denominator);
          if (r.rate !== null) expect(r.rate >= 0 && r.rate <= 1).toBe(true);
        }
      }),
    );
  });

  it('requester wait ≤ full resolution, agent work ≤ requester wait, none negative', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const ticket = fold(script('t-1', history));
        const full = fullResolutionTime(ticket)?.calendarMs;
        const wait = requesterWaitTime(ticket)?.calendarMs;
        const work = agentWorkTime(ticket)?.calendarMs;
        if (full === undefined) return wait === undefined && work === undefined;
        return (
          wait !== undefined && work !== undefined && 0 <= work && work <= wait && wait <= full
        );
      }),
    );
  });

  it('first response never precedes the opening and is never a bot reply', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const ticket = fold(script('t-1', history));
        const frt = firstResponseTime(ticket);
        return (
          frt === null || (frt.calendarMs >= 0 && (frt.agentId === 'a-1' || frt.agentId === 'a-2'))
        );
      }),
    );
  });
});
