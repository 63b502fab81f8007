/**
 * The SLA calendar decider. One command, DefineSlaCalendar (PUT: create or replace):
 * - no calendar yet → SlaCalendarDefined (version 1);
 * - a different definition → SlaCalendarChanged (version + 1), the full new definition;
 * - the same definition → nothing (a repeated PUT leaves no noise in the history).
 * The definition is validated here too (400 InvalidSlaDefinition), so the decider holds on its own.
 */
import { InvalidSlaDefinition } from '../shared/sla.errors';
import { sameJson } from '../shared/sla.values';
import type { StreamDecider } from '../../routing/shared/stream-decider';
import {
  checkSlaCalendar,
  type SlaCalendarDefinition,
  type SlaCalendarInput,
} from './sla-calendar.definition';
import {
  SLA_CALENDAR_EVENT_SCHEMA_VERSIONS,
  isSlaCalendarEventType,
  slaCalendarStreamName,
  type SlaCalendarEvent,
} from './sla-calendar.events';

export interface DefineSlaCalendar {
  readonly type: 'DefineSlaCalendar';
  readonly calendarId: string;
  readonly definition: SlaCalendarInput;
  /** Decision time, ISO-8601 from the clock. */
  readonly at: string;
}

export type SlaCalendarCommand = DefineSlaCalendar;

export interface SlaCalendar {
  readonly exists: true;
  readonly id: string;
  readonly version: number;
  readonly definition: SlaCalendarDefinition;
  readonly definedAt: string;
  readonly updatedAt: string;
}

export type SlaCalendarState = { readonly exists: false } | SlaCalendar;

export function initialSlaCalendarState(): SlaCalendarState {
  return { exists: false };
}

export function definitionOfCalendar(data: SlaCalendarDefinition): SlaCalendarDefinition {
  return {
    name: data.name,
    timeZone: data.timeZone,
    alwaysOpen: data.alwaysOpen,
    weekdays: data.weekdays,
    holidays: data.holidays,
  };
}

export function evolveSlaCalendar(
  state: SlaCalendarState,
  event: SlaCalendarEvent,
): SlaCalendarState {
  if (event.type === 'SlaCalendarDefined') {
    const d = event.data;
    return {
      exists: true,
      id: d.calendarId,
      version: d.version,
      definition: definitionOfCalendar(d),
      definedAt: d.definedAt,
      updatedAt: d.definedAt,
    };
  }
  if (!state.exists) return state;
  return {
    ...state,
    version: event.data.version,
    definition: definitionOfCalendar(event.data),
    updatedAt: event.data.changedAt,
  };
}

export function decideSlaCalendar(
  command: SlaCalendarCommand,
  state: SlaCalendarState,
): SlaCalendarEvent[] {
  const { problems, definition } = checkSlaCalendar(command.definition);
  if (!definition) throw new InvalidSlaDefinition(problems);
  if (!state.exists) {
    return [
      {
        type: 'SlaCalendarDefined',
        data: { calendarId: command.calendarId, version: 1, ...definition, definedAt: command.at },
      },
    ];
  }
  if (sameJson(definition, state.definition)) return [];
  return [
    {
      type: 'SlaCalendarChanged',
      data: {
        calendarId: state.id,
        version: state.version + 1,
        ...definition,
        changedAt: command.at,
      },
    },
  ];
}

export const SLA_CALENDAR_DECIDER: StreamDecider<
  SlaCalendarState,
  SlaCalendarCommand,
  SlaCalendarEvent
> = {
  streamName: slaCalendarStreamName,
  initialState: initialSlaCalendarState,
  evolve: evolveSlaCalendar,
  decide: (commands, state) => {
    const events: SlaCalendarEvent[] = [];
    let current = state;
    for (const command of commands) {
      const decided = decideSlaCalendar(command, current);
      for (const event of decided) current = evolveSlaCalendar(current, event);
      events.push(...decided);
    }
    return events;
  },
  isEventType: isSlaCalendarEventType,
  schemaVersionOf: (type) => SLA_CALENDAR_EVENT_SCHEMA_VERSIONS[type],
};
