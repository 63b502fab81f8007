import { type RoutingRuleSetInput, validateRoutingRules } from './routing-rules.validator';

const DEFAULT = { teamId: 'team-default' };

function given(input: RoutingRuleSetInput) {
  const result = validateRoutingRules(input);
  return {
    thenValid() {
      if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.errors)}`);
      return result.ruleSet;
    },
    thenProblems(...expected: { field: string; code: string }[]): void {
      expect(result.ok).toBe(false);
      const errors = result.ok ? [] : result.errors;
      expect(errors.map(({ field, code }) => ({ field, code }))).toEqual(expected);
      for (const error of errors) expect(error.message).not.toBe('');
    },
  };
}

describe('routing rule validation', () => {
  it('accepts a sound rule set and normalises tags and skill names', () => {
    const ruleSet = given({
      rules: [
        {
          id: 'billing',
          when: { tags: [' Refund '], priorities: ['high', 'urgent'], languages: ['zh-CN'] },
          teamId: 'team-billing',
          requiredSkills: [{ skill: 'Billing', minLevel: 3 }],
        },
      ],
      defaultRoute: DEFAULT,
    }).thenValid();
    expect(ruleSet).toEqual({
      rules: [
        {
          id: 'billing',
          when: { tags: ['refund'], priorities: ['high', 'urgent'], languages: ['zh-CN'] },
          teamId: 'team-billing',
          requiredSkills: [{ skill: 'billing', minLevel: 3 }],
        },
      ],
      defaultRoute: { teamId: 'team-default', requiredSkills: [] },
    });
  });

  it('accepts an empty rule list with a default route', () => {
    expect(given({ rules: [], defaultRoute: DEFAULT }).thenValid().rules).toEqual([]);
  });

  it('rejects an empty rule list without a default route', () => {
    given({ rules: [] }).thenProblems({ field: 'defaultRoute', code: 'missing-default-route' });
  });

  it('rejects rules without a default route', () => {
    given({ rules: [{ id: 'r1', teamId: 't' }], defaultRoute: null }).thenProblems({
      field: 'defaultRoute',
      code: 'missing-default-route',
    });
  });

  it('rejects duplicate rule ids, pointing at the second', () => {
    given({
      rules: [
        { id: 'r1', teamId: 't' },
        { id: 'r2', teamId: 't' },
        { id: 'r1', teamId: 't' },
      ],
      defaultRoute: DEFAULT,
    }).thenProblems({ field: 'rules[2].id', code: 'duplicate-rule-id' });
  });

  it('reserves the id `default` for the default route', () => {
    given({ rules: [{ id: 'default', teamId: 't' }], defaultRoute: DEFAULT }).thenProblems({
      field: 'rules[0].id',
      code: 'reserved-rule-id',
    });
  });

  it('rejects unknown condition values, naming each one', () => {
    given({
      rules: [
        {
          id: 'r1',
          teamId: 't',
          when: {
            priorities: ['high', 'critical'],
            channels: ['fax'],
            types: ['rant'],
            customerTiers: ['gold'],
            languages: ['english'],
          },
        },
      ],
      defaultRoute: DEFAULT,
    }).thenProblems(
      { field: 'rules[0].when.channels[0]', code: 'unknown-value' },
      { field: 'rules[0].when.types[0]', code: 'unknown-value' },
      { field: 'rules[0].when.priorities[1]', code: 'unknown-value' },
      { field: 'rules[0].when.customerTiers[0]', code: 'unknown-value' },
      { field: 'rules[0].when.languages[0]', code: 'unknown-value' },
    );
  });

  it('rejects an empty condition list, which could never match', () => {
    given({
      rules: [{ id: 'r1', teamId: 't', when: { tags: [] } }],
      defaultRoute: DEFAULT,
    }).thenProblems({
      field: 'rules[0].when.tags',
      code: 'empty-condition',
    });
  });

  it.each([0, 6, 2.5])('rejects minLevel %p (outside 1–5 or not whole)', (minLevel) => {
    given({
      rules: [{ id: 'r1', teamId: 't', requiredSkills: [{ skill: 'billing', minLevel }] }],
      defaultRoute: DEFAULT,
    }).thenProblems({ field: 'rules[0].requiredSkills[0].minLevel', code: 'level-out-of-range' });
  });

  it('accepts minLevel 1 and 5', () => {
    given({
      rules: [
        {
          id: 'r1',
          teamId: 't',
          requiredSkills: [
            { skill: 'a', minLevel: 1 },
            { skill: 'b', minLevel: 5 },
          ],
        },
      ],
      defaultRoute: DEFAULT,
    }).thenValid();
  });

  it('rejects a skill required twice and a bad skill name, also on the default route', () => {
    given({
      rules: [],
      defaultRoute: {
        teamId: 'team-default',
        requiredSkills: [
          { skill: 'billing', minLevel: 1 },
          { skill: 'BILLING', minLevel: 2 },
          { skill: 'no spaces', minLevel: 2 },
        ],
      },
    }).thenProblems(
      { field: 'defaultRoute.requiredSkills[1].skill', code: 'duplicate-skill' },
      { field: 'defaultRoute.requiredSkills[2].skill', code: 'invalid-skill' },
    );
  });

  it('rejects a missing or malformed team id', () => {
    given({ rules: [{ id: 'r1', teamId: '' }], defaultRoute: { teamId: 'bad id' } }).thenProblems(
      { field: 'rules[0].teamId', code: 'invalid-team-id' },
      { field: 'defaultRoute.teamId', code: 'invalid-team-id' },
    );
  });

  it('reports every problem at once', () => {
    given({
      rules: [
        { id: '', teamId: 't' },
        { id: 'r1', teamId: 't', when: { priorities: ['p0'] } },
      ],
    }).thenProblems(
      { field: 'rules[0].id', code: 'invalid-rule-id' },
      { field: 'rules[1].when.priorities[0]', code: 'unknown-value' },
      { field: 'defaultRoute', code: 'missing-default-route' },
    );
  });
});
