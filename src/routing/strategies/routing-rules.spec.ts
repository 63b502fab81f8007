import {
  matchRule,
  type RoutingRule,
  type RoutingRuleSet,
  type TicketFacts,
} from './routing-rules';

const facts = (overrides: Partial<TicketFacts> = {}): TicketFacts => ({
  channel: 'email',
  type: 'question',
  priority: 'normal',
  customerTier: 'standard',
  language: null,
  tags: [],
  ...overrides,
});

const rule = (id: string, when: RoutingRule['when'], teamId = `team-${id}`): RoutingRule => ({
  id,
  when,
  teamId,
  requiredSkills: [{ skill: id, minLevel: 2 }],
});

function given(...rules: RoutingRule[]) {
  const ruleSet: RoutingRuleSet = {
    rules,
    defaultRoute: { teamId: 'team-default', requiredSkills: [] },
  };
  return {
    whenRouting(overrides: Partial<TicketFacts> = {}) {
      const decision = matchRule(ruleSet, facts(overrides));
      return {
        thenRule(ruleId: string): void {
          expect(decision.ruleId).toBe(ruleId);
        },
        thenDefault(): void {
          expect(decision).toEqual({
            ruleId: 'default',
            teamId: 'team-default',
            requiredSkills: [],
          });
        },
      };
    },
  };
}

describe('routing rules', () => {
  it('routes to the matched rule team with its required skills', () => {
    const decision = matchRule(
      {
        rules: [rule('billing', { tags: ['billing'] })],
        defaultRoute: { teamId: 'd', requiredSkills: [] },
      },
      facts({ tags: ['billing'] }),
    );
    expect(decision).toEqual({
      ruleId: 'billing',
      teamId: 'team-billing',
      requiredSkills: [{ skill: 'billing', minLevel: 2 }],
    });
  });

  it('first match wins', () => {
    given(rule('first', { channels: ['chat'] }), rule('second', { channels: ['chat'] }))
      .whenRouting({ channel: 'chat' })
      .thenRule('first');
  });

  it('a later rule catches what an earlier one does not', () => {
    given(rule('first', { channels: ['chat'] }), rule('second', { channels: ['phone'] }))
      .whenRouting({ channel: 'phone' })
      .thenRule('second');
  });

  it('the default route catches the rest', () => {
    given(rule('chat', { channels: ['chat'] }))
      .whenRouting({ channel: 'email' })
      .thenDefault();
  });

  it('no rules: everything goes to the default', () => {
    given().whenRouting().thenDefault();
  });

  it('a rule without conditions matches everything', () => {
    given(rule('all', {})).whenRouting({ channel: 'api', priority: 'low' }).thenRule('all');
  });

  it('every given condition must hold', () => {
    const vipUrgent = rule('vip-urgent', { customerTiers: ['vip'], priorities: ['urgent'] });
    given(vipUrgent)
      .whenRouting({ customerTier: 'vip', priority: 'urgent' })
      .thenRule('vip-urgent');
    given(vipUrgent).whenRouting({ customerTier: 'vip', priority: 'high' }).thenDefault();
    given(vipUrgent).whenRouting({ customerTier: 'standard', priority: 'urgent' }).thenDefault();
  });

  it('a condition accepts any of its values', () => {
    given(rule('voice', { channels: ['phone', 'chat'] }))
      .whenRouting({ channel: 'chat' })
      .thenRule('voice');
  });

  it('matches ticket type', () => {
    given(rule('complaints', { types: ['complaint'] }))
      .whenRouting({ type: 'complaint' })
      .thenRule('complaints');
    given(rule('complaints', { types: ['complaint'] }))
      .whenRouting({ type: 'incident' })
      .thenDefault();
  });

  it('a customer-tier condition does not match a ticket without a tier', () => {
    given(rule('std', { customerTiers: ['standard'] }))
      .whenRouting({ customerTier: null })
      .thenDefault();
  });

  it('tags match when the ticket has any of them, case-insensitively', () => {
    const billing = rule('billing', { tags: ['invoice', 'refund'] });
    given(billing)
      .whenRouting({ tags: ['Refund', 'other'] })
      .thenRule('billing');
    given(billing)
      .whenRouting({ tags: ['other'] })
      .thenDefault();
    given(billing).whenRouting({ tags: [] }).thenDefault();
  });

  it('a language rule matches the language and its variants, not a ticket without one', () => {
    const chinese = rule('zh', { languages: ['zh'] });
    given(chinese).whenRouting({ language: 'zh' }).thenRule('zh');
    given(chinese).whenRouting({ language: 'zh-TW' }).thenRule('zh');
    given(chinese).whenRouting({ language: 'en' }).thenDefault();
    given(chinese).whenRouting({ language: null }).thenDefault();
  });
});
