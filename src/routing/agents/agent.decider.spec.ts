import type { TeamEntry } from '../agent-directory.port';
import { DirectoryError } from '../directory.errors';
import type { AgentCommand, RegisterAgent } from './agent.commands';
import { decideAgent, decideAgentCommands } from './agent.decider';
import type { AgentEvent, AgentRegisteredData } from './agent.events';
import { foldAgent } from './agent.state';

// ---------------------------------------------------------------------------------------------
// given / when / then

const ID = 'agent-1';
const T0 = '2026-01-05T09:00:00.000Z';
const NOW = '2026-01-05T10:00:00.000Z';

const team = (id: string, status: TeamEntry['status'] = 'active'): TeamEntry => ({ id, status });

function given(...events: readonly AgentEvent[]) {
  const state = foldAgent(events);
  return {
    when(command: AgentCommand) {
      const run = () => decideAgent(command, state);
      return {
        then(expected: readonly AgentEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenNothing(): void {
          expect(run()).toEqual([]);
        },
        thenRejects(type: string, status: number): void {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DirectoryError);
          expect(caught).toMatchObject({ type, status });
        },
      };
    },
  };
}

const registration: AgentRegisteredData = {
  agentId: ID,
  name: 'Dana',
  email: 'dana@example.com',
  languages: ['en'],
  skills: [{ skill: 'billing', level: 3 }],
  teamIds: ['team-a'],
  capacity: { max: 5, perChannel: {} },
  supportLevel: 1,
  registeredAt: T0,
};
const registered: AgentEvent = { type: 'AgentRegistered', data: registration };
const deactivated: AgentEvent = {
  type: 'AgentDeactivated',
  data: { agentId: ID, reason: null, deactivatedAt: T0 },
};
const online: AgentEvent = {
  type: 'AgentAvailabilityChanged',
  data: { agentId: ID, availability: 'online', previousAvailability: 'offline', changedAt: T0 },
};

function register(overrides: Partial<RegisterAgent['data']> = {}): RegisterAgent {
  return {
    type: 'RegisterAgent',
    agentId: ID,
    at: NOW,
    data: {
      name: 'Dana',
      email: 'dana@example.com',
      languages: ['en'],
      skills: [{ skill: 'billing', level: 3 }],
      teams: [team('team-a')],
      capacity: { max: 5 },
      supportLevel: 1,
      ...overrides,
    },
  };
}

const command = <T extends AgentCommand['type']>(
  type: T,
  data: Extract<AgentCommand, { type: T }>['data'],
): AgentCommand => ({ type, agentId: ID, at: NOW, data }) as AgentCommand;

// ---------------------------------------------------------------------------------------------

describe('agent decider', () => {
  describe('RegisterAgent', () => {
    it('records AgentRegistered with normalised values', () => {
      given()
        .when(
          register({
            name: '  Dana  ',
            languages: ['en', 'EN', 'zh-CN'],
            skills: [
              { skill: 'Mandarin', level: 2 },
              { skill: 'billing', level: 3 },
            ],
            teams: [team('team-b'), team('team-a'), team('team-a')],
            capacity: { max: 4, perChannel: { chat: 2, email: 3 } },
            supportLevel: 2,
          }),
        )
        .then([
          {
            type: 'AgentRegistered',
            data: {
              agentId: ID,
              name: 'Dana',
              email: 'dana@example.com',
              languages: ['en', 'zh-CN'],
              skills: [
                { skill: 'billing', level: 3 },
                { skill: 'mandarin', level: 2 },
              ],
              teamIds: ['team-a', 'team-b'],
              capacity: { max: 4, perChannel: { email: 3, chat: 2 } },
              supportLevel: 2,
              registeredAt: NOW,
            },
          },
        ]);
    });

    it('refuses registering twice (409)', () => {
      given(registered).when(register()).thenRejects('agent-already-registered', 409);
    });

    it.each([
      ['an unknown team', { teams: [team('x', 'unknown')] }, 'unknown-team'],
      ['a deactivated team', { teams: [team('x', 'deactivated')] }, 'team-deactivated'],
      ['a negative capacity', { capacity: { max: -1 } }, 'invalid-directory-value'],
      ['a fractional capacity', { capacity: { max: 1.5 } }, 'invalid-directory-value'],
      [
        'a per-channel cap above max',
        { capacity: { max: 2, perChannel: { chat: 3 } } },
        'invalid-directory-value',
      ],
      [
        'a negative per-channel cap',
        { capacity: { max: 2, perChannel: { chat: -1 } } },
        'invalid-directory-value',
      ],
      [
        'an unknown channel',
        { capacity: { max: 2, perChannel: { fax: 1 } } },
        'invalid-directory-value',
      ],
      [
        'a skill level of 0',
        { skills: [{ skill: 'billing', level: 0 }] },
        'invalid-directory-value',
      ],
      [
        'a skill level of 6',
        { skills: [{ skill: 'billing', level: 6 }] },
        'invalid-directory-value',
      ],
      [
        'a skill listed twice',
        {
          skills: [
            { skill: 'billing', level: 1 },
            { skill: 'Billing', level: 2 },
          ],
        },
        'invalid-directory-value',
      ],
      [
        'a bad skill name',
        { skills: [{ skill: 'bill ing', level: 1 }] },
        'invalid-directory-value',
      ],
      ['support level 4', { supportLevel: 4 }, 'invalid-directory-value'],
      ['support level 0', { supportLevel: 0 }, 'invalid-directory-value'],
      ['a blank name', { name: '   ' }, 'invalid-directory-value'],
      ['a bad e-mail', { email: 'dana' }, 'invalid-directory-value'],
      ['a bad language', { languages: ['english'] }, 'invalid-directory-value'],
    ] as const)('refuses %s (422)', (_label, overrides, type) => {
      given().when(register(overrides)).thenRejects(type, 422);
    });
  });

  it.each([
    ['UpdateAgentProfile', { name: 'X' }],
    ['ChangeAgentSkills', { skills: [] }],
    ['ChangeAgentTeams', { teams: [] }],
    ['ChangeAgentCapacity', { capacity: { max: 1 } }],
    ['ChangeAgentSupportLevel', { supportLevel: 2 }],
    ['DeactivateAgent', {}],
    ['ReactivateAgent', {}],
    ['ChangeAgentAvailability', { availability: 'online' }],
  ] as const)('%s on an unregistered agent is 404', (type, data) => {
    given()
      .when(command(type, data as never))
      .thenRejects('agent-not-found', 404);
  });

  describe('UpdateAgentProfile', () => {
    it('records the full profile after and before', () => {
      given(registered)
        .when(command('UpdateAgentProfile', { email: 'dana@new.example', languages: ['de'] }))
        .then([
          {
            type: 'AgentProfileUpdated',
            data: {
              agentId: ID,
              name: 'Dana',
              email: 'dana@new.example',
              languages: ['de'],
              previousName: 'Dana',
              previousEmail: 'dana@example.com',
              previousLanguages: ['en'],
              updatedAt: NOW,
            },
          },
        ]);
    });

    it('records nothing when nothing changes', () => {
      given(registered)
        .when(command('UpdateAgentProfile', { name: 'Dana', languages: ['en'] }))
        .thenNothing();
    });

    it('refuses a blank name (422)', () => {
      given(registered)
        .when(command('UpdateAgentProfile', { name: '' }))
        .thenRejects('invalid-directory-value', 422);
    });
  });

  describe('ChangeAgentSkills', () => {
    it('records the new and previous skills', () => {
      given(registered)
        .when(command('ChangeAgentSkills', { skills: [{ skill: 'billing', level: 4 }] }))
        .then([
          {
            type: 'AgentSkillsChanged',
            data: {
              agentId: ID,
              skills: [{ skill: 'billing', level: 4 }],
              previousSkills: [{ skill: 'billing', level: 3 }],
              changedAt: NOW,
            },
          },
        ]);
    });

    it('records nothing for the same skills', () => {
      given(registered)
        .when(command('ChangeAgentSkills', { skills: [{ skill: 'Billing', level: 3 }] }))
        .thenNothing();
    });

    it('refuses a level out of 1–5 (422)', () => {
      given(registered)
        .when(command('ChangeAgentSkills', { skills: [{ skill: 'billing', level: 7 }] }))
        .thenRejects('invalid-directory-value', 422);
    });
  });

  describe('ChangeAgentTeams', () => {
    it('records the membership with what was added and removed', () => {
      given(registered)
        .when(command('ChangeAgentTeams', { teams: [team('team-c'), team('team-b')] }))
        .then([
          {
            type: 'AgentTeamsChanged',
            data: {
              agentId: ID,
              teamIds: ['team-b', 'team-c'],
              previousTeamIds: ['team-a'],
              addedTeamIds: ['team-b', 'team-c'],
              removedTeamIds: ['team-a'],
              changedAt: NOW,
            },
          },
        ]);
    });

    it('refuses joining an unknown team (422)', () => {
      given(registered)
        .when(command('ChangeAgentTeams', { teams: [team('team-a'), team('ghost', 'unknown')] }))
        .thenRejects('unknown-team', 422);
    });

    it('refuses joining a deactivated team (422)', () => {
      given(registered)
        .when(command('ChangeAgentTeams', { teams: [team('old', 'deactivated')] }))
        .thenRejects('team-deactivated', 422);
    });

    it('lets the agent stay in a team deactivated since, while leaving another', () => {
      const inTwo: AgentEvent = {
        type: 'AgentRegistered',
        data: { ...registration, teamIds: ['team-a', 'team-b'] },
      };
      given(inTwo)
        .when(command('ChangeAgentTeams', { teams: [team('team-a', 'deactivated')] }))
        .then([
          {
            type: 'AgentTeamsChanged',
            data: {
              agentId: ID,
              teamIds: ['team-a'],
              previousTeamIds: ['team-a', 'team-b'],
              addedTeamIds: [],
              removedTeamIds: ['team-b'],
              changedAt: NOW,
            },
          },
        ]);
    });

    it('records nothing for the same membership', () => {
      given(registered)
        .when(command('ChangeAgentTeams', { teams: [team('team-a')] }))
        .thenNothing();
    });
  });

  describe('ChangeAgentCapacity', () => {
    it('records the new and previous capacity', () => {
      given(registered)
        .when(command('ChangeAgentCapacity', { capacity: { max: 8, perChannel: { phone: 1 } } }))
        .then([
          {
            type: 'AgentCapacityChanged',
            data: {
              agentId: ID,
              capacity: { max: 8, perChannel: { phone: 1 } },
              previousCapacity: { max: 5, perChannel: {} },
              changedAt: NOW,
            },
          },
        ]);
    });

    it('accepts a capacity of 0 (takes no routed work)', () => {
      given(registered)
        .when(command('ChangeAgentCapacity', { capacity: { max: 0 } }))
        .then([
          {
            type: 'AgentCapacityChanged',
            data: {
              agentId: ID,
              capacity: { max: 0, perChannel: {} },
              previousCapacity: { max: 5, perChannel: {} },
              changedAt: NOW,
            },
          },
        ]);
    });

    it('refuses a capacity below 0 (422)', () => {
      given(registered)
        .when(command('ChangeAgentCapacity', { capacity: { max: -1 } }))
        .thenRejects('invalid-directory-value', 422);
    });

    it('records nothing for the same capacity', () => {
      given(registered)
        .when(command('ChangeAgentCapacity', { capacity: { max: 5, perChannel: {} } }))
        .thenNothing();
    });
  });

  describe('ChangeAgentSupportLevel', () => {
    it('records the new and previous level', () => {
      given(registered)
        .when(command('ChangeAgentSupportLevel', { supportLevel: 3 }))
        .then([
          {
            type: 'AgentSupportLevelChanged',
            data: { agentId: ID, supportLevel: 3, previousSupportLevel: 1, changedAt: NOW },
          },
        ]);
    });

    it('refuses level 4 (422)', () => {
      given(registered)
        .when(command('ChangeAgentSupportLevel', { supportLevel: 4 }))
        .thenRejects('invalid-directory-value', 422);
    });

    it('records nothing for the same level', () => {
      given(registered)
        .when(command('ChangeAgentSupportLevel', { supportLevel: 1 }))
        .thenNothing();
    });
  });

  describe('DeactivateAgent', () => {
    it('records AgentDeactivated for an offline agent', () => {
      given(registered)
        .when(command('DeactivateAgent', { reason: ' left the company ' }))
        .then([
          {
            type: 'AgentDeactivated',
            data: { agentId: ID, reason: 'left the company', deactivatedAt: NOW },
          },
        ]);
    });

    it('takes an online agent offline first', () => {
      given(registered, online)
        .when(command('DeactivateAgent', {}))
        .then([
          {
            type: 'AgentAvailabilityChanged',
            data: {
              agentId: ID,
              availability: 'offline',
              previousAvailability: 'online',
              changedAt: NOW,
            },
          },
          { type: 'AgentDeactivated', data: { agentId: ID, reason: null, deactivatedAt: NOW } },
        ]);
    });

    it('refuses deactivating twice (409)', () => {
      given(registered, deactivated)
        .when(command('DeactivateAgent', {}))
        .thenRejects('agent-already-deactivated', 409);
    });
  });

  describe('ReactivateAgent', () => {
    it('records AgentReactivated; the agent stays offline', () => {
      given(registered, deactivated)
        .when(command('ReactivateAgent', {}))
        .then([{ type: 'AgentReactivated', data: { agentId: ID, reactivatedAt: NOW } }]);
      const state = foldAgent([
        registered,
        deactivated,
        { type: 'AgentReactivated', data: { agentId: ID, reactivatedAt: NOW } },
      ]);
      expect(state).toMatchObject({ active: true, availability: 'offline' });
    });

    it('refuses reactivating an active agent (409)', () => {
      given(registered)
        .when(command('ReactivateAgent', {}))
        .thenRejects('agent-already-active', 409);
    });
  });

  describe('ChangeAgentAvailability', () => {
    it.each(['online', 'away'] as const)('records going %s', (availability) => {
      given(registered)
        .when(command('ChangeAgentAvailability', { availability }))
        .then([
          {
            type: 'AgentAvailabilityChanged',
            data: { agentId: ID, availability, previousAvailability: 'offline', changedAt: NOW },
          },
        ]);
    });

    it('records nothing for the current availability', () => {
      given(registered, online)
        .when(command('ChangeAgentAvailability', { availability: 'online' }))
        .thenNothing();
    });

    it('refuses a deactivated agent (409)', () => {
      given(registered, deactivated)
        .when(command('ChangeAgentAvailability', { availability: 'online' }))
        .thenRejects('agent-deactivated', 409);
    });
  });

  describe('several commands at once (one PATCH)', () => {
    it('decides each against the state the previous ones left', () => {
      const events = decideAgentCommands(
        [
          command('ChangeAgentSupportLevel', { supportLevel: 2 }),
          command('ChangeAgentSupportLevel', { supportLevel: 2 }),
          command('DeactivateAgent', {}),
        ],
        foldAgent([registered]),
      );
      expect(events.map((event) => event.type)).toEqual([
        'AgentSupportLevelChanged',
        'AgentDeactivated',
      ]);
    });

    it('is all or nothing: a later refusal throws', () => {
      expect(() =>
        decideAgentCommands(
          [
            command('ChangeAgentSupportLevel', { supportLevel: 2 }),
            command('ChangeAgentCapacity', { capacity: { max: -3 } }),
          ],
          foldAgent([registered]),
        ),
      ).toThrow(DirectoryError);
    });
  });

  it('folds every event into the state', () => {
    const state = foldAgent([
      registered,
      online,
      {
        type: 'AgentTeamsChanged',
        data: {
          agentId: ID,
          teamIds: ['team-b'],
          previousTeamIds: ['team-a'],
          addedTeamIds: ['team-b'],
          removedTeamIds: ['team-a'],
          changedAt: NOW,
        },
      },
      deactivated,
    ]);
    expect(state).toMatchObject({
      exists: true,
      teamIds: ['team-b'],
      active: false,
      availability: 'online',
    });
  });
});
