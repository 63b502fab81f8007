/** Test fixtures for the SLA clocks (shared with the timers' and reports' specs). */
import type { SlaCalendarDefinition } from '../../calendars/sla-calendar.definition';
import { checkSlaPolicy, type SlaPolicyInput } from '../../policies/sla-policy.definition';
import type { SlaPolicySnapshot } from '../sla-clock.events';
import type { SlaMatch } from '../ticket-sla.decider';

/** Mon–Fri 09:00–17:00 Europe/Berlin, with 2026-04-03 (Good Friday) a holiday. */
export const BERLIN_OFFICE: SlaCalendarDefinition = {
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  alwaysOpen: false,
  weekdays: {
    monday: [{ start: '09:00', end: '17:00' }],
    tuesday: [{ start: '09:00', end: '17:00' }],
    wednesday: [{ start: '09:00', end: '17:00' }],
    thursday: [{ start: '09:00', end: '17:00' }],
    friday: [{ start: '09:00', end: '17:00' }],
  },
  holidays: [{ date: '2026-04-03' }],
};

export const ALWAYS_OPEN: SlaCalendarDefinition = {
  name: '24/7',
  timeZone: 'UTC',
  alwaysOpen: true,
  weekdays: {},
  holidays: [],
};

export const HOUR_S = 3_600;

/** A policy snapshot: 24/7, first response 1 h, next response 2 h, resolution 8 h. */
export function policySnapshot(overrides: Partial<SlaPolicySnapshot> = {}): SlaPolicySnapshot {
  return {
    policyId: 'standard',
    policyVersion: 1,
    policyName: 'Standard',
    calendarId: 'always',
    calendarVersion: 1,
    calendar: ALWAYS_OPEN,
    targets: { firstResponse: HOUR_S, nextResponse: 2 * HOUR_S, resolution: 8 * HOUR_S },
    pauses: { pending: ['resolution'], on_hold: ['resolution'] },
    warningThresholds: [0.75, 0.9],
    escalation: [],
    ...overrides,
  };
}

/** A match (policy + calendar) built from a PUT-style policy body, for decider specs. */
export function matchOf(
  input: Partial<SlaPolicyInput> & Pick<SlaPolicyInput, 'targets'>,
  calendar: SlaCalendarDefinition = ALWAYS_OPEN,
  versions: { policyId?: string; policyVersion?: number; calendarVersion?: number } = {},
): SlaMatch {
  const checked = checkSlaPolicy({ name: 'Standard', position: 1, calendarId: 'cal', ...input });
  if (!checked.definition) throw new Error(JSON.stringify(checked.problems));
  return {
    policy: {
      id: versions.policyId ?? 'standard',
      version: versions.policyVersion ?? 1,
      definition: checked.definition,
    },
    calendar: { id: 'cal', version: versions.calendarVersion ?? 1, definition: calendar },
  };
}
