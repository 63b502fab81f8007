/**
 * What happened to an SLA calendar, on the stream `sla-calendar-<id>`. Each event carries the
 * full definition (so a reader never folds to know the calendar at a version) and `version`,
 * 1 for the definition and +1 per change (= stream revision + 1: nothing else is recorded there).
 */
import type { SlaCalendarDefinition } from './sla-calendar.definition';

export interface SlaCalendarDefinedData extends SlaCalendarDefinition {
  readonly calendarId: string;
  readonly version: number;
  readonly definedAt: string;
}

export interface SlaCalendarChangedData extends SlaCalendarDefinition {
  readonly calendarId: string;
  readonly version: number;
  readonly changedAt: string;
}

export type SlaCalendarDefined = {
  readonly type: 'SlaCalendarDefined';
  readonly data: SlaCalendarDefinedData;
};
export type SlaCalendarChanged = {
  readonly type: 'SlaCalendarChanged';
  readonly data: SlaCalendarChangedData;
};
export type SlaCalendarEvent = SlaCalendarDefined | SlaCalendarChanged;
export type SlaCalendarEventType = SlaCalendarEvent['type'];

export const SLA_CALENDAR_EVENT_SCHEMA_VERSIONS: Readonly<Record<SlaCalendarEventType, number>> = {
  SlaCalendarDefined: 1,
  SlaCalendarChanged: 1,
};

export const SLA_CALENDAR_EVENT_TYPES = Object.keys(
  SLA_CALENDAR_EVENT_SCHEMA_VERSIONS,
) as SlaCalendarEventType[];

export function isSlaCalendarEventType(type: string): type is SlaCalendarEventType {
  return Object.prototype.hasOwnProperty.call(SLA_CALENDAR_EVENT_SCHEMA_VERSIONS, type);
}

export function slaCalendarStreamName(calendarId: string): string {
  return `sla-calendar-${calendarId}`;
}
