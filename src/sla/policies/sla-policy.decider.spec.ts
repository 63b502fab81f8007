import { InvalidSlaDefinition, UnknownSlaCalendar } from '../shared/sla.errors';
import {
  decideSlaPolicy,
  evolveSlaPolicy,
  initialSlaPolicyState,
  type SlaPolicyState,
} from './sla-policy.decider';
import { checkSlaPolicy, type SlaPolicyInput } from './sla-policy.definition';
import type { SlaPolicyEvent } from './sla-policy.events';

const POLICY: SlaPolicyInput = {
  name: 'VIP',
  position: 10,
  conditions: { customerTiers: ['vip'], tagsAnyOf: ['Billing'] },
  targets: {
    urgent: { firstResponse: 'PT15M', resolution: 'PT4H' },
    normal: { resolution: 'P2D' },
  },
  calendarId: 'berlin',
};

const given = (events: readonly SlaPolicyEvent[]): SlaPolicyState =>
  events.reduce(evolveSlaPolicy, initialSlaPolicyState());

const define = (
  definition: SlaPolicyInput,
  calendarExists = true,
  at = '2026-01-01T00:00:00.000Z',
) => ({ type: 'DefineSlaPolicy', policyId: 'vip', definition, calendarExists, at }) as const;

const fieldsOf = (input: SlaPolicyInput): string[] =>
  checkSlaPolicy(input).problems.map((p) => p.field);

describe('SLA policy decider', () => {
  it('defines a policy as version 1 with defaults filled in', () => {
    const [event] = decideSlaPolicy(define(POLICY), given([]));
    expect(event).toEqual({
      type: 'SlaPolicyDefined',
      data: {
        policyId: 'vip',
        version: 1,
        name: 'VIP',
        position: 10,
        conditions: {
          priorities: [],
          customerTiers: ['vip'],
          channels: [],
          types: [],
          tagsAnyOf: ['billing'],
          tagsAllOf: [],
        },
        targets: {
          normal: { resolution: 'P2D' },
          urgent: { firstResponse: 'PT15M', resolution: 'PT4H' },
        },
        calendarId: 'berlin',
        pauses: { pending: ['resolution'], on_hold: ['resolution'] },
        warningThresholds: [0.75, 0.9],
        escalation: [],
        definedAt: '2026-01-01T00:00:00.000Z',
      },
    });
  });

  it('changes with version + 1; an identical definition records nothing', () => {
    const state = given(decideSlaPolicy(define(POLICY), given([])));
    expect(decideSlaPolicy(define(POLICY), state)).toEqual([]);
    const changed = decideSlaPolicy(
      define({ ...POLICY, position: 5 }, true, '2026-02-01T00:00:00.000Z'),
      state,
    );
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      type: 'SlaPolicyChanged',
      data: { version: 2, position: 5, changedAt: '2026-02-01T00:00:00.000Z' },
    });
  });

  it('refuses a policy whose calendar does not exist (422)', () => {
    expect(() => decideSlaPolicy(define(POLICY, false), given([]))).toThrow(UnknownSlaCalendar);
  });

  it('refuses invalid definitions with field problems', () => {
    expect(() =>
      decideSlaPolicy(
        define({ ...POLICY, targets: { urgent: { resolution: '-PT1H' } } }),
        given([]),
      ),
    ).toThrow(InvalidSlaDefinition);
    expect(
      fieldsOf({ ...POLICY, targets: { urgent: { resolution: '-PT1H', firstResponse: 'PT0S' } } }),
    ).toEqual(['targets.urgent.resolution', 'targets.urgent.firstResponse']);
    expect(fieldsOf({ ...POLICY, targets: { urgent: { resolution: 'P366D' } } })).toEqual([
      'targets.urgent.resolution',
    ]);
    expect(fieldsOf({ ...POLICY, targets: {} })).toEqual(['targets']);
    expect(fieldsOf({ ...POLICY, warningThresholds: [0.9, 0.75] })).toEqual([
      'warningThresholds[1]',
    ]);
    expect(fieldsOf({ ...POLICY, warningThresholds: [0, 1] })).toEqual([
      'warningThresholds[0]',
      'warningThresholds[1]',
    ]);
    expect(fieldsOf({ ...POLICY, pauses: { open: ['resolution'] } })).toEqual(['pauses.open']);
  });

  it('validates the escalation ladder', () => {
    const valid: SlaPolicyInput = {
      ...POLICY,
      escalation: [
        { at: 'warning', threshold: 0.75, actions: [{ type: 'notify', message: 'Heads up' }] },
        { at: 'breach', targets: ['resolution'], actions: [{ type: 'raise_priority' }] },
        {
          at: 'after_breach',
          delay: 'PT30M',
          actions: [
            { type: 'reassign_team', teamId: 'tier-2' },
            { type: 'escalate_level', level: 2 },
          ],
        },
      ],
    };
    expect(fieldsOf(valid)).toEqual([]);
    expect(checkSlaPolicy(valid).definition?.escalation[0]).toEqual({
      at: 'warning',
      threshold: 0.75,
      targets: ['firstResponse', 'nextResponse', 'resolution'],
      actions: [{ type: 'notify', message: 'Heads up' }],
    });
    expect(
      fieldsOf({
        ...POLICY,
        escalation: [
          { at: 'warning', threshold: 0.5, actions: [{ type: 'raise_priority' }] },
          { at: 'breach', delay: 'PT1H', actions: [] },
          { at: 'after_breach', actions: [{ type: 'escalate_level', level: 4 }] },
          { at: 'breach', actions: [{ type: 'reassign_team' }] },
        ],
      }),
    ).toEqual([
      'escalation[0].threshold',
      'escalation[1].delay',
      'escalation[1].actions',
      'escalation[2].delay',
      'escalation[2].actions[0].level',
      'escalation[3].actions[0].teamId',
    ]);
  });
});
