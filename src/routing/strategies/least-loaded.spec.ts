import type { AgentSnapshot } from './agent-snapshot';
import { pickLeastLoaded } from './least-loaded';
import { agent, minutesAfterT0, request } from './testing/strategies.fixtures';

const loaded = (id: string, total: number, max: number, overrides: Partial<AgentSnapshot> = {}) =>
  agent(id, { capacity: { max, perChannel: {} }, load: { total, byChannel: {} }, ...overrides });

function given(...agents: AgentSnapshot[]) {
  return {
    thenPicks(expected: string | null, req = request()): void {
      expect(pickLeastLoaded(agents, req)?.id ?? null).toBe(expected);
    },
  };
}

describe('least loaded', () => {
  it('picks the lowest open-assigned / capacity ratio, not the lowest count', () => {
    // a1: 2/10 = 0.2, a2: 1/2 = 0.5
    given(loaded('a1', 2, 10), loaded('a2', 1, 2)).thenPicks('a1');
  });

  it('treats equal ratios as a tie, exactly (1/3 and 2/6)', () => {
    given(
      loaded('a2', 1, 3, { lastAssignedAt: minutesAfterT0(5) }),
      loaded('a1', 2, 6, { lastAssignedAt: minutesAfterT0(9) }),
    ).thenPicks('a2');
  });

  it('breaks a tie by longest idle: the earliest last assignment', () => {
    given(
      loaded('a1', 1, 4, { lastAssignedAt: minutesAfterT0(10) }),
      loaded('a2', 1, 4, { lastAssignedAt: minutesAfterT0(3) }),
    ).thenPicks('a2');
  });

  it('a never-assigned agent has been idle the longest', () => {
    given(
      loaded('a1', 0, 4, { lastAssignedAt: minutesAfterT0(0) }),
      loaded('a2', 0, 4, { lastAssignedAt: null }),
    ).thenPicks('a2');
  });

  it('breaks a full tie by agent id, whatever the input order', () => {
    given(loaded('a2', 0, 4), loaded('a1', 0, 4)).thenPicks('a1');
    given(loaded('a1', 0, 4), loaded('a2', 0, 4)).thenPicks('a1');
  });

  it('skips a less loaded agent who is not eligible', () => {
    given(loaded('a1', 0, 4, { availability: 'away' }), loaded('a2', 3, 4)).thenPicks('a2');
  });

  it('skips a less loaded agent without the required skill level', () => {
    given(
      loaded('a1', 0, 4, { skills: [{ skill: 'billing', level: 2 }] }),
      loaded('a2', 2, 4, { skills: [{ skill: 'billing', level: 4 }] }),
    ).thenPicks('a2', request({ requiredSkills: [{ skill: 'billing', minLevel: 3 }] }));
  });

  it('picks nobody when every agent is full', () => {
    given(loaded('a1', 4, 4), loaded('a2', 2, 2)).thenPicks(null);
  });

  it('picks nobody from an empty team', () => {
    given().thenPicks(null);
  });
});
