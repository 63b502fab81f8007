import type { TeamEntry } from '../agent-directory.port';
import { DirectoryError } from '../directory.errors';
import type { CreateTeam, TeamCommand, UpdateTeam } from './team.commands';
import { decideTeam, decideTeamCommands } from './team.decider';
import type { TeamCreatedData, TeamEvent } from './team.events';
import { foldTeam } from './team.state';

const ID = 'team-1';
const T0 = '2026-01-05T09:00:00.000Z';
const NOW = '2026-01-05T10:00:00.000Z';

const entry = (id: string, status: TeamEntry['status'] = 'active'): TeamEntry => ({ id, status });

function given(...events: readonly TeamEvent[]) {
  const state = foldTeam(events);
  return {
    when(command: TeamCommand) {
      const run = () => decideTeam(command, state);
      return {
        then: (expected: readonly TeamEvent[]) => expect(run()).toEqual(expected),
        thenNothing: () => expect(run()).toEqual([]),
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

const creation: TeamCreatedData = {
  teamId: ID,
  name: 'Billing',
  strategy: 'least_loaded',
  defaultSkills: [{ skill: 'billing', level: 2 }],
  escalationTeamId: null,
  requeueUnansweredOnOffline: false,
  createdAt: T0,
};
const created: TeamEvent = { type: 'TeamCreated', data: creation };
const deactivated: TeamEvent = {
  type: 'TeamDeactivated',
  data: { teamId: ID, reason: null, deactivatedAt: T0 },
};

function create(overrides: Partial<CreateTeam['data']> = {}): CreateTeam {
  return {
    type: 'CreateTeam',
    teamId: ID,
    at: NOW,
    data: {
      name: 'Billing',
      strategy: 'least_loaded',
      defaultSkills: [{ skill: 'billing', level: 2 }],
      ...overrides,
    },
  };
}

function update(data: UpdateTeam['data']): UpdateTeam {
  return { type: 'UpdateTeam', teamId: ID, at: NOW, data };
}

const deactivate: TeamCommand = { type: 'DeactivateTeam', teamId: ID, at: NOW, data: {} };
const reactivate: TeamCommand = { type: 'ReactivateTeam', teamId: ID, at: NOW, data: {} };

describe('team decider', () => {
  describe('CreateTeam', () => {
    it('records TeamCreated with the settings', () => {
      given()
        .when(
          create({
            name: ' Billing ',
            strategy: 'round_robin',
            escalationTeam: entry('tier-2'),
            requeueUnansweredOnOffline: true,
            pendingFreesCapacity: true,
          }),
        )
        .then([
          {
            type: 'TeamCreated',
            data: {
              teamId: ID,
              name: 'Billing',
              strategy: 'round_robin',
              defaultSkills: [{ skill: 'billing', level: 2 }],
              escalationTeamId: 'tier-2',
              requeueUnansweredOnOffline: true,
              pendingFreesCapacity: true,
              createdAt: NOW,
            },
          },
        ]);
    });

    it('refuses creating twice (409)', () => {
      given(created).when(create()).thenRejects('team-already-exists', 409);
    });

    it.each([
      ['an unknown escalation team', { escalationTeam: entry('x', 'unknown') }, 'unknown-team'],
      [
        'a deactivated escalation team',
        { escalationTeam: entry('x', 'deactivated') },
        'team-deactivated',
      ],
      ['escalating to itself', { escalationTeam: entry(ID) }, 'invalid-directory-value'],
      ['an unknown strategy', { strategy: 'random' }, 'invalid-directory-value'],
      [
        'a default skill level of 6',
        { defaultSkills: [{ skill: 'billing', level: 6 }] },
        'invalid-directory-value',
      ],
      ['a blank name', { name: ' ' }, 'invalid-directory-value'],
    ] as const)('refuses %s (422)', (_label, overrides, type) => {
      given()
        .when(create(overrides as Partial<CreateTeam['data']>))
        .thenRejects(type, 422);
    });
  });

  it.each([
    ['UpdateTeam', update({ name: 'X' })],
    ['DeactivateTeam', deactivate],
    ['ReactivateTeam', reactivate],
  ] as const)('%s on a team that does not exist is 404', (_type, command) => {
    given().when(command).thenRejects('team-not-found', 404);
  });

  describe('UpdateTeam', () => {
    it('records the settings after and before, and which changed', () => {
      given(created)
        .when(update({ strategy: 'round_robin', escalationTeam: entry('tier-2') }))
        .then([
          {
            type: 'TeamUpdated',
            data: {
              teamId: ID,
              name: 'Billing',
              strategy: 'round_robin',
              defaultSkills: [{ skill: 'billing', level: 2 }],
              escalationTeamId: 'tier-2',
              requeueUnansweredOnOffline: false,
              pendingFreesCapacity: false,
              previous: {
                name: 'Billing',
                strategy: 'least_loaded',
                defaultSkills: [{ skill: 'billing', level: 2 }],
                escalationTeamId: null,
                requeueUnansweredOnOffline: false,
                // Absent on the stored TeamCreated (recorded before the setting): read as false.
                pendingFreesCapacity: false,
              },
              changed: ['strategy', 'escalationTeamId'],
              updatedAt: NOW,
            },
          },
        ]);
    });

    it('removes the escalation team with null', () => {
      const withEscalation: TeamEvent = {
        type: 'TeamCreated',
        data: { ...creation, escalationTeamId: 'tier-2' },
      };
      given(withEscalation)
        .when(update({ escalationTeam: null }))
        .then([
          expect.objectContaining({
            type: 'TeamUpdated',
            data: expect.objectContaining({
              escalationTeamId: null,
              changed: ['escalationTeamId'],
            }),
          }) as TeamEvent,
        ]);
    });

    it('keeps an escalation team deactivated since, when it is named again', () => {
      const withEscalation: TeamEvent = {
        type: 'TeamCreated',
        data: { ...creation, escalationTeamId: 'tier-2' },
      };
      given(withEscalation)
        .when(update({ escalationTeam: entry('tier-2', 'deactivated') }))
        .thenNothing();
    });

    it('records nothing when nothing changes', () => {
      given(created)
        .when(update({ name: 'Billing', defaultSkills: [{ skill: 'Billing', level: 2 }] }))
        .thenNothing();
    });

    it('refuses a deactivated escalation team (422)', () => {
      given(created)
        .when(update({ escalationTeam: entry('old', 'deactivated') }))
        .thenRejects('team-deactivated', 422);
    });

    it('refuses escalating to itself (422)', () => {
      given(created)
        .when(update({ escalationTeam: entry(ID) }))
        .thenRejects('invalid-directory-value', 422);
    });
  });

  describe('DeactivateTeam / ReactivateTeam', () => {
    it('records TeamDeactivated', () => {
      given(created)
        .when({ ...deactivate, data: { reason: 'merged into Payments' } })
        .then([
          {
            type: 'TeamDeactivated',
            data: { teamId: ID, reason: 'merged into Payments', deactivatedAt: NOW },
          },
        ]);
    });

    it('refuses deactivating twice (409)', () => {
      given(created, deactivated).when(deactivate).thenRejects('team-already-deactivated', 409);
    });

    it('records TeamReactivated', () => {
      given(created, deactivated)
        .when(reactivate)
        .then([{ type: 'TeamReactivated', data: { teamId: ID, reactivatedAt: NOW } }]);
    });

    it('refuses reactivating an active team (409)', () => {
      given(created).when(reactivate).thenRejects('team-already-active', 409);
    });
  });

  it('decides several commands against the evolving state (one PATCH)', () => {
    const events = decideTeamCommands(
      [update({ name: 'Payments' }), update({ name: 'Payments' }), deactivate],
      foldTeam([created]),
    );
    expect(events.map((event) => event.type)).toEqual(['TeamUpdated', 'TeamDeactivated']);
    expect(foldTeam([created, ...events])).toMatchObject({ name: 'Payments', active: false });
  });
});
