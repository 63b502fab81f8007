import type { AgentSnapshot } from './agent-snapshot';
import { type AssignmentRequest, checkEligibility, type IneligibilityReason } from './eligibility';
import { agent, request } from './testing/strategies.fixtures';

function given(snapshot: AgentSnapshot) {
  return {
    whenOffered(overrides: Partial<AssignmentRequest> = {}) {
      const verdict = checkEligibility(snapshot, request(overrides));
      return {
        thenEligible(): void {
          expect(verdict).toEqual({ eligible: true });
        },
        thenIneligibleBecause(...reasons: IneligibilityReason[]): void {
          expect(verdict).toEqual({ eligible: false, reasons });
        },
      };
    },
  };
}

describe('eligibility', () => {
  it('an active, online team member with spare capacity and no requirements is eligible', () => {
    given(agent('a1')).whenOffered().thenEligible();
  });

  describe('availability and status', () => {
    it.each(['away', 'offline'] as const)('an agent who is %s is not eligible', (availability) => {
      given(agent('a1', { availability })).whenOffered().thenIneligibleBecause('not_online');
    });

    it('a deactivated agent is not eligible', () => {
      given(agent('a1', { active: false }))
        .whenOffered()
        .thenIneligibleBecause('deactivated');
    });

    it('an agent outside the team is not eligible', () => {
      given(agent('a1', { teamIds: ['team-b'] }))
        .whenOffered()
        .thenIneligibleBecause('not_in_team');
    });
  });

  describe('capacity', () => {
    it('one below capacity is eligible', () => {
      given(
        agent('a1', { capacity: { max: 3, perChannel: {} }, load: { total: 2, byChannel: {} } }),
      )
        .whenOffered()
        .thenEligible();
    });

    it('at capacity is not eligible', () => {
      given(
        agent('a1', { capacity: { max: 3, perChannel: {} }, load: { total: 3, byChannel: {} } }),
      )
        .whenOffered()
        .thenIneligibleBecause('at_capacity');
    });

    it('a capacity of 0 takes nothing', () => {
      given(agent('a1', { capacity: { max: 0, perChannel: {} } }))
        .whenOffered()
        .thenIneligibleBecause('at_capacity');
    });

    it('a full channel cap blocks that channel even with overall room', () => {
      given(
        agent('a1', {
          capacity: { max: 5, perChannel: { chat: 2 } },
          load: { total: 2, byChannel: { chat: 2 } },
        }),
      )
        .whenOffered({ channel: 'chat' })
        .thenIneligibleBecause('at_channel_capacity');
    });

    it('a full channel cap does not block another channel', () => {
      given(
        agent('a1', {
          capacity: { max: 5, perChannel: { chat: 2 } },
          load: { total: 2, byChannel: { chat: 2 } },
        }),
      )
        .whenOffered({ channel: 'email' })
        .thenEligible();
    });

    it('room on the channel does not help when the overall cap is reached: both must hold', () => {
      given(
        agent('a1', {
          capacity: { max: 3, perChannel: { chat: 3 } },
          load: { total: 3, byChannel: { email: 3 } },
        }),
      )
        .whenOffered({ channel: 'chat' })
        .thenIneligibleBecause('at_capacity');
    });
  });

  describe('skills and levels', () => {
    const skilled = agent('a1', {
      skills: [
        { skill: 'billing', level: 3 },
        { skill: 'mandarin', level: 2 },
      ],
    });

    it('a skill at exactly the required level qualifies', () => {
      given(skilled)
        .whenOffered({ requiredSkills: [{ skill: 'billing', minLevel: 3 }] })
        .thenEligible();
    });

    it('a skill below the required level does not', () => {
      given(skilled)
        .whenOffered({ requiredSkills: [{ skill: 'billing', minLevel: 4 }] })
        .thenIneligibleBecause('missing_skills');
    });

    it('every required skill must be present, not just one', () => {
      given(skilled)
        .whenOffered({
          requiredSkills: [
            { skill: 'billing', minLevel: 1 },
            { skill: 'hardware', minLevel: 1 },
          ],
        })
        .thenIneligibleBecause('missing_skills');
    });

    it('all required skills at or above level qualify', () => {
      given(skilled)
        .whenOffered({
          requiredSkills: [
            { skill: 'billing', minLevel: 2 },
            { skill: 'mandarin', minLevel: 2 },
          ],
        })
        .thenEligible();
    });

    it('skill names compare case-insensitively', () => {
      given(skilled)
        .whenOffered({ requiredSkills: [{ skill: 'Billing', minLevel: 3 }] })
        .thenEligible();
    });
  });

  describe('support level', () => {
    it('an escalated ticket is not offered to an agent below its level', () => {
      given(agent('a1', { supportLevel: 1 }))
        .whenOffered({ supportLevel: 2 })
        .thenIneligibleBecause('support_level');
    });

    it('an agent at or above the level qualifies', () => {
      given(agent('a2', { supportLevel: 2 }))
        .whenOffered({ supportLevel: 2 })
        .thenEligible();
      given(agent('a3', { supportLevel: 3 }))
        .whenOffered({ supportLevel: 2 })
        .thenEligible();
    });

    it('a level-1 ticket goes to anyone', () => {
      given(agent('a1', { supportLevel: 1 }))
        .whenOffered({ supportLevel: 1 })
        .thenEligible();
    });
  });

  describe('language', () => {
    it('an agent who speaks the ticket language qualifies', () => {
      given(agent('a1', { languages: ['en', 'de'] }))
        .whenOffered({ language: 'de' })
        .thenEligible();
    });

    it('an agent who lists languages but not the ticket one does not', () => {
      given(agent('a1', { languages: ['en'] }))
        .whenOffered({ language: 'de' })
        .thenIneligibleBecause('language');
    });

    it('an agent who lists no languages is not restricted', () => {
      given(agent('a1', { languages: [] }))
        .whenOffered({ language: 'de' })
        .thenEligible();
    });

    it('a ticket without a language is open to any agent', () => {
      given(agent('a1', { languages: ['en'] }))
        .whenOffered({ language: null })
        .thenEligible();
    });

    it('a bare language covers its regional variants, case-insensitively', () => {
      given(agent('a1', { languages: ['ZH'] }))
        .whenOffered({ language: 'zh-CN' })
        .thenEligible();
    });

    it('a regional variant does not cover another variant', () => {
      given(agent('a1', { languages: ['pt-BR'] }))
        .whenOffered({ language: 'pt-PT' })
        .thenIneligibleBecause('language');
    });
  });

  it('lists every failing condition', () => {
    given(
      agent('a1', {
        active: false,
        availability: 'offline',
        teamIds: [],
        capacity: { max: 1, perChannel: { email: 1 } },
        load: { total: 1, byChannel: { email: 1 } },
        languages: ['en'],
      }),
    )
      .whenOffered({ language: 'fr', requiredSkills: [{ skill: 'billing', minLevel: 1 }] })
      .thenIneligibleBecause(
        'deactivated',
        'not_online',
        'not_in_team',
        'at_capacity',
        'at_channel_capacity',
        'missing_skills',
        'language',
      );
  });
});
