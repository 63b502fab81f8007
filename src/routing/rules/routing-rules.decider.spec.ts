import type { RoutingRuleSet } from '../strategies/routing-rules';
import { ROUTING_RULES_DECIDER, type RoutingRulesState } from './routing-rules.decider';
import { InvalidRoutingRules } from './routing-rules.errors';

const SET: RoutingRuleSet = {
  rules: [{ id: 'vip', when: { customerTiers: ['vip'] }, teamId: 'vip-desk', requiredSkills: [] }],
  defaultRoute: { teamId: 'general', requiredSkills: [] },
};
const define = (ruleSet: RoutingRuleSet, at = '2026-01-01T00:00:00.000Z') => ({
  type: 'DefineRoutingRules' as const,
  ruleSet,
  at,
});
const { decide, evolve, initialState } = ROUTING_RULES_DECIDER;

describe('routing rules decider', () => {
  it('defines version 1, changes to version 2, and records nothing for the same set', () => {
    const defined = decide([define(SET)], initialState());
    expect(defined).toEqual([
      { type: 'RoutingRulesDefined', data: { ...SET, version: 1, definedAt: expect.any(String) } },
    ]);
    const state: RoutingRulesState = defined.reduce(evolve, initialState());
    expect(decide([define(SET)], state)).toEqual([]);
    const changed = decide(
      [define({ ...SET, defaultRoute: { teamId: 'other', requiredSkills: [] } }, 'later')],
      state,
    );
    expect(changed).toEqual([
      {
        type: 'RoutingRulesChanged',
        data: expect.objectContaining({ version: 2, changedAt: 'later' }) as object,
      },
    ]);
    expect(changed.reduce(evolve, state)).toMatchObject({
      version: 2,
      updatedAt: 'later',
      ruleSet: { defaultRoute: { teamId: 'other' } },
    });
  });

  it('refuses an invalid set on its own', () => {
    const invalid = { ...SET, rules: [SET.rules[0], SET.rules[0]] };
    expect(() => decide([define(invalid)], initialState())).toThrow(InvalidRoutingRules);
  });
});
