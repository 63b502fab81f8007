import type { AgentSnapshot } from './agent-snapshot';
import { pickRoundRobin } from './round-robin';
import { agent, request } from './testing/strategies.fixtures';

function given(...agents: AgentSnapshot[]) {
  return {
    afterPointer(pointer: string | null) {
      return {
        thenPicks(expected: string | null): void {
          const pick = pickRoundRobin(agents, request(), pointer);
          expect(pick?.agent.id ?? null).toBe(expected);
          expect(pick?.pointer ?? null).toBe(expected);
        },
      };
    },
  };
}

describe('round robin', () => {
  const team = [agent('a3'), agent('a1'), agent('a2')];

  it('starts from the lowest id when the team has no pointer', () => {
    given(...team)
      .afterPointer(null)
      .thenPicks('a1');
  });

  it('takes the next agent by id after the pointer', () => {
    given(...team)
      .afterPointer('a1')
      .thenPicks('a2');
  });

  it('wraps around after the last agent', () => {
    given(...team)
      .afterPointer('a3')
      .thenPicks('a1');
  });

  it('skips ineligible agents', () => {
    given(agent('a1'), agent('a2', { availability: 'offline' }), agent('a3'))
      .afterPointer('a1')
      .thenPicks('a3');
  });

  it('skips a full agent and wraps past the pointer', () => {
    given(
      agent('a1'),
      agent('a2', { capacity: { max: 1, perChannel: {} }, load: { total: 1, byChannel: {} } }),
    )
      .afterPointer('a1')
      .thenPicks('a1');
  });

  it('continues from where a departed agent was', () => {
    given(...team)
      .afterPointer('a15')
      .thenPicks('a2');
  });

  it('picks nobody when nobody is eligible', () => {
    given(agent('a1', { active: false }), agent('a2', { teamIds: [] }))
      .afterPointer(null)
      .thenPicks(null);
  });
});
