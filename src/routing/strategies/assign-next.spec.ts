import type { AgentSnapshot } from './agent-snapshot';
import { assignNext, type AssignNextResult, type TeamRoutingState } from './assign-next';
import { agent, minutesAfterT0, TEAM, ticket } from './testing/strategies.fixtures';
import type { WaitingTicket } from './waiting-ticket';

const AT = minutesAfterT0(60);

function team(overrides: Partial<TeamRoutingState> = {}): TeamRoutingState {
  return {
    id: TEAM,
    strategy: 'least_loaded',
    defaultSkills: [],
    roundRobinPointer: null,
    ...overrides,
  };
}

function given(agents: AgentSnapshot[], teamState: TeamRoutingState = team()) {
  return {
    whenWaiting(...waiting: WaitingTicket[]) {
      const result = assignNext({ team: teamState, waiting, agents, at: AT });
      return {
        thenAssigned(...pairs: [ticketId: string, agentId: string][]): AssignNextResult {
          expect(result.assignments.map((a) => [a.ticketId, a.agentId])).toEqual(pairs);
          return result;
        },
      };
    },
  };
}

const cap = (max: number, total = 0) => ({
  capacity: { max, perChannel: {} },
  load: { total, byChannel: {} },
});

describe('assign next (one routing pass)', () => {
  it('assigns in offer order and counts each assignment before the next ticket', () => {
    const result = given([agent('a1', cap(1)), agent('a2', cap(1))])
      .whenWaiting(
        ticket('t-old', { openedAt: minutesAfterT0(0) }),
        ticket('t-urgent', { priority: 'urgent', openedAt: minutesAfterT0(5) }),
        ticket('t-new', { openedAt: minutesAfterT0(9) }),
      )
      .thenAssigned(['t-urgent', 'a1'], ['t-old', 'a2']);
    expect(result.stillWaiting).toEqual(['t-new']);
    expect(result.agents.map((a) => [a.id, a.load.total, a.lastAssignedAt])).toEqual([
      ['a1', 1, AT],
      ['a2', 1, AT],
    ]);
  });

  it('records the rule and strategy that decided each assignment', () => {
    const result = given([agent('a1')])
      .whenWaiting(ticket('t1', { ruleId: 'vip-rule' }))
      .thenAssigned(['t1', 'a1']);
    expect(result.assignments[0]).toEqual({
      ticketId: 't1',
      agentId: 'a1',
      teamId: TEAM,
      ruleId: 'vip-rule',
      strategy: 'least_loaded',
      requiredSkills: [],
    });
  });

  it('least loaded spreads a burst across agents by load ratio', () => {
    given([agent('a1', cap(4, 2)), agent('a2', cap(2))])
      .whenWaiting(ticket('t1'), ticket('t2'), ticket('t3'))
      // a2 0/2 → a2 1/2 ties a1 2/4; a1 idle longer (never assigned) → a1 3/4 > a2 1/2 → a2.
      .thenAssigned(['t1', 'a2'], ['t2', 'a1'], ['t3', 'a2']);
  });

  it('round robin takes turns from the pointer and returns the new pointer', () => {
    const result = given(
      [agent('a1'), agent('a2'), agent('a3')],
      team({ strategy: 'round_robin', roundRobinPointer: 'a2' }),
    )
      .whenWaiting(ticket('t1'), ticket('t2'), ticket('t3'), ticket('t4'))
      .thenAssigned(['t1', 'a3'], ['t2', 'a1'], ['t3', 'a2'], ['t4', 'a3']);
    expect(result.roundRobinPointer).toBe('a3');
    expect(result.assignments.every((a) => a.strategy === 'round_robin')).toBe(true);
  });

  it('an escalated level-2 ticket skips the less loaded level-1 agent for a level-2 one', () => {
    given([
      agent('level1', { ...cap(5, 0), supportLevel: 1 }),
      agent('level2', { ...cap(5, 3), supportLevel: 2 }),
    ])
      .whenWaiting(ticket('t1', { supportLevel: 2 }), ticket('t2', { supportLevel: 1 }))
      .thenAssigned(['t1', 'level2'], ['t2', 'level1']);
  });

  it('a ticket nobody qualifies for waits without blocking the tickets behind it', () => {
    const result = given([agent('a1', { languages: ['en'] })])
      .whenWaiting(
        ticket('t-zh', { priority: 'urgent', language: 'zh' }),
        ticket('t-en', { language: 'en' }),
      )
      .thenAssigned(['t-en', 'a1']);
    expect(result.stillWaiting).toEqual(['t-zh']);
  });

  it("uses the team's default skills when the ticket's rule names none", () => {
    const agents = [
      agent('a1', { skills: [{ skill: 'hardware', level: 2 }] }),
      agent('a2', { skills: [{ skill: 'hardware', level: 4 }] }),
    ];
    const result = given(agents, team({ defaultSkills: [{ skill: 'hardware', level: 3 }] }))
      .whenWaiting(ticket('t1'))
      .thenAssigned(['t1', 'a2']);
    expect(result.assignments[0]?.requiredSkills).toEqual([{ skill: 'hardware', minLevel: 3 }]);
  });

  it("the rule's skills replace the team defaults", () => {
    given(
      [agent('a1', { skills: [{ skill: 'billing', level: 1 }] })],
      team({ defaultSkills: [{ skill: 'hardware', level: 3 }] }),
    )
      .whenWaiting(ticket('t1', { requiredSkills: [{ skill: 'billing', minLevel: 1 }] }))
      .thenAssigned(['t1', 'a1']);
  });

  it('a per-channel cap fills up within the pass', () => {
    const result = given([agent('a1', { capacity: { max: 5, perChannel: { chat: 1 } } })])
      .whenWaiting(
        ticket('c1', { channel: 'chat' }),
        ticket('c2', { channel: 'chat' }),
        ticket('e1', { channel: 'email' }),
      )
      .thenAssigned(['c1', 'a1'], ['e1', 'a1']);
    expect(result.stillWaiting).toEqual(['c2']);
  });

  it('a ticket listed twice is assigned once', () => {
    given([agent('a1'), agent('a2')])
      .whenWaiting(ticket('t1'), ticket('t1'))
      .thenAssigned(['t1', 'a1']);
  });

  it('assigns nothing when nobody is online', () => {
    const result = given([agent('a1', { availability: 'away' })])
      .whenWaiting(ticket('t1'))
      .thenAssigned();
    expect(result.stillWaiting).toEqual(['t1']);
    expect(result.roundRobinPointer).toBeNull();
  });
});
