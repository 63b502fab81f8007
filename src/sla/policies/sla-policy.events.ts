/**
 * What happened to an SLA policy, on `sla-policy-<id>`: SlaPolicyDefined (version 1) and
 * SlaPolicyChanged (version + 1), each with the full definition. Tickets record the policy id and
 * version they were given, so a change never rewrites what was already measured.
 */
import type { SlaPolicyDefinition } from './sla-policy.definition';

export interface SlaPolicyDefinedData extends SlaPolicyDefinition {
  readonly policyId: string;
  readonly version: number;
  readonly definedAt: string;
}

export interface SlaPolicyChangedData extends SlaPolicyDefinition {
  readonly policyId: string;
  readonly version: number;
  readonly changedAt: string;
}

export type SlaPolicyDefined = {
  readonly type: 'SlaPolicyDefined';
  readonly data: SlaPolicyDefinedData;
};
export type SlaPolicyChanged = {
  readonly type: 'SlaPolicyChanged';
  readonly data: SlaPolicyChangedData;
};
export type SlaPolicyEvent = SlaPolicyDefined | SlaPolicyChanged;
export type SlaPolicyEventType = SlaPolicyEvent['type'];

export const SLA_POLICY_EVENT_SCHEMA_VERSIONS: Readonly<Record<SlaPolicyEventType, number>> = {
  SlaPolicyDefined: 1,
  SlaPolicyChanged: 1,
};

export const SLA_POLICY_EVENT_TYPES = Object.keys(
  SLA_POLICY_EVENT_SCHEMA_VERSIONS,
) as SlaPolicyEventType[];

export function isSlaPolicyEventType(type: string): type is SlaPolicyEventType {
  return Object.prototype.hasOwnProperty.call(SLA_POLICY_EVENT_SCHEMA_VERSIONS, type);
}

export function slaPolicyStreamName(policyId: string): string {
  return `sla-policy-${policyId}`;
}

/** The definition part of an event's data (without id, version and time). */
export function policyDefinitionOf(data: SlaPolicyDefinition): SlaPolicyDefinition {
  return {
    name: data.name,
    position: data.position,
    conditions: data.conditions,
    targets: data.targets,
    calendarId: data.calendarId,
    pauses: data.pauses,
    warningThresholds: data.warningThresholds,
    escalation: data.escalation,
  };
}
