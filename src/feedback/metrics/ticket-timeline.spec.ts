import { HOUR, MINUTE, T0, TicketScript, agent } from './testing/ticket-script';
import { foldTimeline, type TicketTimeline } from './ticket-timeline';

function fold(script: TicketScript): TicketTimeline {
  const timeline = foldTimeline(script.build());
  if (timeline === null) throw new Error('expected a ticket');
  return timeline;
}

describe('foldTimeline', () => {
  it('returns null when the events hold no TicketOpened', () => {
    const events = new TicketScript().opened(0).replied(5, 'agent', 'a-1').build().slice(1);
    expect(foldTimeline(events)).toBeNull();
  });

  it('starts at the channel received-at time, not the opening', () => {
    const timeline = fold(new TicketScript().opened(10, { receivedAtMinutes: -20 }));
    expect(timeline.openedAt).toBe(T0 - 20 * MINUTE);
  });

  it('ignores the receipt acknowledgement, bot replies and internal notes for the first response', () => {
    const timeline = fold(
      new TicketScript()
        .opened(0)
        .acknowledged(0)
        .replied(1, 'automated', 'answer-bot')
        .note(5, 'a-1')
        .replied(30, 'agent', 'a-1'),
    );
    expect(timeline.firstResponse).toEqual({ at: T0 + 30 * MINUTE, agentId: 'a-1', teamId: null });
    expect(timeline.publicAgentReplyCount).toBe(1);
  });

  it('does not count a reply the product posted (system actor) even when labelled as an agent', () => {
    const timeline = fold(
      new TicketScript()
        .opened(0)
        .replied(2, 'agent', 'a-1', { type: 'system', id: 'servicetrail' }),
    );
    expect(timeline.firstResponse).toBeNull();
    expect(timeline.publicAgentReplyCount).toBe(0);
  });

  it('ends an agent-opened ticket first response at that agent’s next public reply', () => {
    const timeline = fold(
      new TicketScript()
        .opened(0, { by: agent('a-1'), channel: 'web' })
        .replied(10, 'agent', 'a-2')
        .replied(20, 'agent', 'a-1'),
    );
    expect(timeline.openedByAgentId).toBe('a-1');
    expect(timeline.firstResponse?.at).toBe(T0 + 20 * MINUTE);
    expect(timeline.firstResponse?.agentId).toBe('a-1');
    expect(timeline.publicAgentReplyCount).toBe(2);
  });

  it('attributes the first response to the team the ticket was in when it was sent', () => {
    const timeline = fold(
      new TicketScript().opened(0).assigned(1, 'a-1', 'team-9').replied(3, 'agent', 'a-1'),
    );
    expect(timeline.firstResponse?.teamId).toBe('team-9');
  });

  it('opens a next-response cycle at the first customer message after an agent reply', () => {
    const timeline = fold(
      new TicketScript()
        .opened(0)
        .replied(5, 'customer', 'c-1') // before any agent reply: part of the first response wait
        .replied(30, 'agent', 'a-1')
        .replied(60, 'customer', 'c-1')
        .replied(65, 'customer', 'c-1')
        .note(70, 'a-2')
        .replied(72, 'automated', 'bot')
        .replied(105, 'agent', 'a-2')
        .replied(120, 'customer', 'c-1'),
    );
    expect(timeline.responseCycles).toEqual([
      {
        startedAt: T0 + 60 * MINUTE,
        answer: { at: T0 + 105 * MINUTE, agentId: 'a-2', teamId: null },
      },
      { startedAt: T0 + 120 * MINUTE, answer: null },
    ]);
  });

  it('keeps first and last solve, reopen count and the attribution recorded on each solve', () => {
    const timeline = fold(
      new TicketScript()
        .opened(0)
        .replied(10, 'agent', 'a-1')
        .solved(2 * 60, 'a-1', 'team-1')
        .reopened(5 * 60)
        .solved(8 * 60, 'a-2', 'team-2'),
    );
    expect(timeline.firstSolve).toEqual({ at: T0 + 2 * HOUR, assigneeId: 'a-1', teamId: 'team-1' });
    expect(timeline.standingSolve).toEqual({
      at: T0 + 8 * HOUR,
      assigneeId: 'a-2',
      teamId: 'team-2',
    });
    expect(timeline.reopenCount).toBe(1);
    expect(timeline.status).toBe('solved');
  });

  it('clears the standing solve on reopen', () => {
    const timeline = fold(new TicketScript().opened(0).solved(60).reopened(90));
    expect(timeline.firstSolve?.at).toBe(T0 + HOUR);
    expect(timeline.standingSolve).toBeNull();
    expect(timeline.status).toBe('open');
  });

  it('records on-hold and pending intervals, ending them at resume or solve', () => {
    const timeline = fold(
      new TicketScript().opened(0).onHold(60).resumed(180, 'on_hold').pending(240).solved(300),
    );
    expect(timeline.waits).toEqual([
      { status: 'on_hold', from: T0 + HOUR, to: T0 + 3 * HOUR },
      { status: 'pending', from: T0 + 4 * HOUR, to: T0 + 5 * HOUR },
    ]);
  });

  it('records escalations with reason and levels', () => {
    const timeline = fold(
      new TicketScript()
        .opened(0)
        .escalated(10, 'needs expert', 1, 2)
        .escalated(50, 'outage', 2, 3),
    );
    expect(timeline.escalations).toEqual([
      { at: T0 + 10 * MINUTE, reason: 'needs expert', fromLevel: 1, toLevel: 2 },
      { at: T0 + 50 * MINUTE, reason: 'outage', fromLevel: 2, toLevel: 3 },
    ]);
  });

  it('folds by stream revision whatever order the events arrive in', () => {
    const events = new TicketScript()
      .opened(0)
      .replied(10, 'agent', 'a-1')
      .replied(20, 'customer', 'c-1')
      .solved(30)
      .build();
    expect(foldTimeline([...events].reverse())).toEqual(foldTimeline(events));
  });

  it('without revisions, orders by the event time', () => {
    const events = new TicketScript()
      .opened(0)
      .replied(10, 'agent', 'a-1')
      .solved(30)
      .reopened(40)
      .build()
      .map(({ revision: _revision, ...event }) => event);
    const timeline = foldTimeline([...events].reverse());
    expect(timeline?.standingSolve).toBeNull();
    expect(timeline?.reopenCount).toBe(1);
  });
});
