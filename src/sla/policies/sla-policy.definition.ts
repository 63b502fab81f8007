/**
 * What an SLA policy is, and its validation (pure). Choices:
 * - Conditions: each list is "one of" (empty = any); tags have `tagsAnyOf` (the ticket has at
 *   least one) and `tagsAllOf` (it has every one). All given conditions must hold. Tags are
 *   compared as the tickets store them (trimmed, lower-case).
 * - Targets per priority: `firstResponse`, `nextResponse`, `resolution` as ISO-8601 durations
 *   (see sla.values.ts), business time in the policy's calendar. A priority or target left out is
 *   not measured for tickets of that priority; at least one target is required.
 * - Pauses: the waiting statuses `pending` and `on_hold`, each with the targets it pauses.
 *   Default (pauses omitted): both pause `resolution`. A status left out of a given map pauses
 *   nothing.
 * - Warning thresholds: fractions of the target, each in (0, 1), strictly ascending, at most 5.
 *   Default [0.75, 0.9].
 * - Escalation ladder: steps at a warning threshold (which must be one of the policy's), at
 *   breach, or at breach + delay; each applies to some targets (default all) and does one or more
 *   actions. Stored and validated only; the clocks execute them.
 */
import {
  CHANNELS,
  CUSTOMER_TIERS,
  PRIORITIES,
  TICKET_TYPES,
  type Channel,
  type CustomerTier,
  type Priority,
  type TicketType,
} from '../../tickets/ticket.values';
import {
  SLA_ID_PATTERN,
  SLA_TARGETS,
  durationProblem,
  parseIsoDuration,
  type SlaFieldProblem,
  type SlaTarget,
} from '../shared/sla.values';

export const PAUSING_STATUSES = ['pending', 'on_hold'] as const;
export type PausingStatus = (typeof PAUSING_STATUSES)[number];

export const ESCALATION_TRIGGERS = ['warning', 'breach', 'after_breach'] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];

export const ESCALATION_ACTIONS = [
  'raise_priority',
  'reassign_team',
  'escalate_level',
  'notify',
] as const;
export type EscalationActionType = (typeof ESCALATION_ACTIONS)[number];

export const DEFAULT_WARNING_THRESHOLDS: readonly number[] = [0.75, 0.9];
export const DEFAULT_PAUSES: Readonly<Record<PausingStatus, readonly SlaTarget[]>> = {
  pending: ['resolution'],
  on_hold: ['resolution'],
};

export const MAX_POLICY_NAME = 200;
export const MAX_POSITION = 1_000_000;
export const MAX_CONDITION_VALUES = 50;
export const MAX_THRESHOLDS = 5;
export const MAX_ESCALATION_STEPS = 20;
export const MAX_ACTIONS_PER_STEP = 10;
export const MAX_NOTIFY_MESSAGE = 500;
export const TAG_PATTERN = /^\S{1,50}$/;

export interface SlaPolicyConditions {
  readonly priorities: readonly Priority[];
  readonly customerTiers: readonly CustomerTier[];
  readonly channels: readonly Channel[];
  readonly types: readonly TicketType[];
  readonly tagsAnyOf: readonly string[];
  readonly tagsAllOf: readonly string[];
}

export type TargetDurations = Readonly<Partial<Record<SlaTarget, string>>>;

export type EscalationAction =
  | { readonly type: 'raise_priority' }
  | { readonly type: 'reassign_team'; readonly teamId: string }
  | { readonly type: 'escalate_level'; readonly level: 1 | 2 | 3 }
  | { readonly type: 'notify'; readonly message: string | null };

export interface EscalationStep {
  readonly at: EscalationTrigger;
  /** Only for `warning`: one of the policy's warning thresholds. */
  readonly threshold?: number;
  /** Only for `after_breach`: ISO-8601 duration after the breach. */
  readonly delay?: string;
  /** The targets whose cycles trigger the step. */
  readonly targets: readonly SlaTarget[];
  readonly actions: readonly EscalationAction[];
}

export interface SlaPolicyDefinition {
  readonly name: string;
  /** Evaluation order: lower first; ties broken by policy id. */
  readonly position: number;
  readonly conditions: SlaPolicyConditions;
  readonly targets: Readonly<Partial<Record<Priority, TargetDurations>>>;
  readonly calendarId: string;
  readonly pauses: Readonly<Record<PausingStatus, readonly SlaTarget[]>>;
  readonly warningThresholds: readonly number[];
  readonly escalation: readonly EscalationStep[];
}

/** A policy as a client sends it (PUT body): optional parts get their defaults. */
export interface SlaPolicyInput {
  readonly name: string;
  readonly position: number;
  readonly conditions?: Partial<Record<keyof SlaPolicyConditions, readonly string[]>>;
  readonly targets: Readonly<Partial<Record<string, Readonly<Partial<Record<string, string>>>>>>;
  readonly calendarId: string;
  readonly pauses?: Readonly<Partial<Record<string, readonly string[]>>>;
  readonly warningThresholds?: readonly number[];
  readonly escalation?: readonly EscalationStepInput[];
}

export interface EscalationStepInput {
  readonly at: string;
  readonly threshold?: number;
  readonly delay?: string;
  readonly targets?: readonly string[];
  readonly actions: readonly EscalationActionInput[];
}

export interface EscalationActionInput {
  readonly type: string;
  readonly teamId?: string;
  readonly level?: number;
  readonly message?: string;
}

export interface CheckedPolicy {
  readonly problems: readonly SlaFieldProblem[];
  readonly definition?: SlaPolicyDefinition;
}

const includes = <T extends string>(list: readonly T[], value: unknown): value is T =>
  (list as readonly unknown[]).includes(value);

/** Every field problem of `input`, and the canonical definition when there is none. */
export function checkSlaPolicy(input: SlaPolicyInput): CheckedPolicy {
  const problems: SlaFieldProblem[] = [];
  const problem = (field: string, message: string): void => {
    problems.push({ field, message });
  };

  if (typeof input.name !== 'string' || input.name.trim() === '') {
    problem('name', 'must be a non-blank name');
  } else if (input.name.length > MAX_POLICY_NAME) {
    problem('name', `must be at most ${MAX_POLICY_NAME} characters`);
  }
  if (!Number.isInteger(input.position) || input.position < 0 || input.position > MAX_POSITION) {
    problem('position', `must be an integer from 0 to ${MAX_POSITION}`);
  }
  if (typeof input.calendarId !== 'string' || !SLA_ID_PATTERN.test(input.calendarId)) {
    problem('calendarId', 'must be a calendar id');
  }

  const conditions = checkConditions(input.conditions ?? {}, problem);
  const targets = checkTargets(input.targets, problem);
  const pauses = checkPauses(input.pauses, problem);
  const warningThresholds = checkThresholds(input.warningThresholds, problem);
  const escalation = checkEscalation(input.escalation ?? [], warningThresholds, problem);

  if (problems.length > 0) return { problems };
  return {
    problems,
    definition: {
      name: input.name.trim(),
      position: input.position,
      conditions,
      targets,
      calendarId: input.calendarId,
      pauses,
      warningThresholds,
      escalation,
    },
  };
}

type Report = (field: string, message: string) => void;

function enumList<T extends string>(
  values: readonly string[] | undefined,
  allowed: readonly T[],
  field: string,
  problem: Report,
): T[] {
  const result: T[] = [];
  (values ?? []).forEach((value, index) => {
    if (!includes(allowed, value)) {
      problem(`${field}[${index}]`, `must be one of ${allowed.join(', ')}`);
    } else if (!result.includes(value)) {
      result.push(value);
    }
  });
  // Canonical order: the enum's, so the same set compares equal.
  return allowed.filter((value) => result.includes(value));
}

function tagList(values: readonly string[] | undefined, field: string, problem: Report): string[] {
  const result = new Set<string>();
  (values ?? []).forEach((value, index) => {
    const tag = typeof value === 'string' ? value.trim().toLowerCase() : '';
    if (!TAG_PATTERN.test(tag))
      problem(`${field}[${index}]`, 'must be a tag (1–50 characters, no spaces)');
    else result.add(tag);
  });
  return [...result].sort();
}

function checkConditions(
  input: Partial<Record<keyof SlaPolicyConditions, readonly string[]>>,
  problem: Report,
): SlaPolicyConditions {
  return {
    priorities: enumList(input.priorities, PRIORITIES, 'conditions.priorities', problem),
    customerTiers: enumList(
      input.customerTiers,
      CUSTOMER_TIERS,
      'conditions.customerTiers',
      problem,
    ),
    channels: enumList(input.channels, CHANNELS, 'conditions.channels', problem),
    types: enumList(input.types, TICKET_TYPES, 'conditions.types', problem),
    tagsAnyOf: tagList(input.tagsAnyOf, 'conditions.tagsAnyOf', problem),
    tagsAllOf: tagList(input.tagsAllOf, 'conditions.tagsAllOf', problem),
  };
}

function checkTargets(
  input: SlaPolicyInput['targets'] | undefined,
  problem: Report,
): Partial<Record<Priority, TargetDurations>> {
  const result: Partial<Record<Priority, Partial<Record<SlaTarget, string>>>> = {};
  if (typeof input !== 'object' || input === null) {
    problem('targets', 'must map priorities to target durations');
    return result;
  }
  let count = 0;
  let reported = false;
  const report: Report = (field, message) => {
    reported = true;
    problem(field, message);
  };
  for (const [priority, durations] of Object.entries(input)) {
    if (!includes(PRIORITIES, priority)) {
      report(`targets.${priority}`, `unknown priority (use ${PRIORITIES.join(', ')})`);
      continue;
    }
    const checked: Partial<Record<SlaTarget, string>> = {};
    for (const [target, duration] of Object.entries(durations ?? {})) {
      const field = `targets.${priority}.${target}`;
      if (!includes(SLA_TARGETS, target)) {
        report(field, `unknown target (use ${SLA_TARGETS.join(', ')})`);
        continue;
      }
      if (duration === undefined) continue;
      const message = durationProblem(duration);
      if (message) report(field, message);
      else {
        checked[target] = duration;
        count++;
      }
    }
    const ordered: Partial<Record<SlaTarget, string>> = {};
    for (const target of SLA_TARGETS) if (checked[target]) ordered[target] = checked[target];
    if (Object.keys(ordered).length > 0) result[priority] = ordered;
  }
  // Only when nothing else was wrong: a bad duration already explains the missing target.
  if (count === 0 && !reported) problem('targets', 'at least one target duration is required');
  const canonical: Partial<Record<Priority, TargetDurations>> = {};
  for (const priority of PRIORITIES) if (result[priority]) canonical[priority] = result[priority];
  return canonical;
}

function checkPauses(
  input: SlaPolicyInput['pauses'] | undefined,
  problem: Report,
): Record<PausingStatus, SlaTarget[]> {
  if (input === undefined) {
    return { pending: [...DEFAULT_PAUSES.pending], on_hold: [...DEFAULT_PAUSES.on_hold] };
  }
  const result: Record<PausingStatus, SlaTarget[]> = { pending: [], on_hold: [] };
  for (const [status, targets] of Object.entries(input)) {
    if (!includes(PAUSING_STATUSES, status)) {
      problem(`pauses.${status}`, `only ${PAUSING_STATUSES.join(' and ')} can pause targets`);
      continue;
    }
    result[status] = enumList(targets ?? [], SLA_TARGETS, `pauses.${status}`, problem);
  }
  return result;
}

function checkThresholds(input: readonly number[] | undefined, problem: Report): number[] {
  if (input === undefined) return [...DEFAULT_WARNING_THRESHOLDS];
  if (input.length > MAX_THRESHOLDS) {
    problem('warningThresholds', `at most ${MAX_THRESHOLDS} thresholds`);
  }
  input.forEach((value, index) => {
    const field = `warningThresholds[${index}]`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 1) {
      problem(field, 'must be a fraction strictly between 0 and 1 (0.75 = 75% of the target)');
      return;
    }
    const previous = input[index - 1];
    if (index > 0 && typeof previous === 'number' && value <= previous) {
      problem(field, 'thresholds must be strictly ascending');
    }
  });
  return [...input];
}

function checkEscalation(
  input: readonly EscalationStepInput[],
  thresholds: readonly number[],
  problem: Report,
): EscalationStep[] {
  if (input.length > MAX_ESCALATION_STEPS) {
    problem('escalation', `at most ${MAX_ESCALATION_STEPS} steps`);
  }
  return input.map((step, index) => {
    const field = `escalation[${index}]`;
    const at = includes(ESCALATION_TRIGGERS, step.at) ? step.at : undefined;
    if (!at) problem(`${field}.at`, `must be one of ${ESCALATION_TRIGGERS.join(', ')}`);
    if (at === 'warning') {
      if (step.threshold === undefined || !thresholds.includes(step.threshold)) {
        problem(`${field}.threshold`, 'must be one of the policy’s warningThresholds');
      }
    } else if (step.threshold !== undefined) {
      problem(`${field}.threshold`, 'only a warning step has a threshold');
    }
    if (at === 'after_breach') {
      const message = durationProblem(step.delay);
      if (message) problem(`${field}.delay`, message);
    } else if (step.delay !== undefined) {
      problem(`${field}.delay`, 'only an after_breach step has a delay');
    }
    const targets =
      step.targets === undefined || step.targets.length === 0
        ? [...SLA_TARGETS]
        : enumList(step.targets, SLA_TARGETS, `${field}.targets`, problem);
    if (step.actions.length === 0) problem(`${field}.actions`, 'at least one action is required');
    if (step.actions.length > MAX_ACTIONS_PER_STEP) {
      problem(`${field}.actions`, `at most ${MAX_ACTIONS_PER_STEP} actions`);
    }
    const actions = step.actions.map((action, i) =>
      checkAction(action, `${field}.actions[${i}]`, problem),
    );
    return {
      at: at ?? 'breach',
      ...(at === 'warning' && step.threshold !== undefined ? { threshold: step.threshold } : {}),
      ...(at === 'after_breach' && step.delay !== undefined ? { delay: step.delay } : {}),
      targets,
      actions: actions.filter((a): a is EscalationAction => a !== undefined),
    };
  });
}

function checkAction(
  action: EscalationActionInput,
  field: string,
  problem: Report,
): EscalationAction | undefined {
  const extra = (name: keyof EscalationActionInput, allowed: boolean): void => {
    if (!allowed && action[name] !== undefined) {
      problem(`${field}.${name}`, `not allowed for a ${action.type} action`);
    }
  };
  switch (action.type) {
    case 'raise_priority':
      extra('teamId', false);
      extra('level', false);
      extra('message', false);
      return { type: 'raise_priority' };
    case 'reassign_team':
      extra('level', false);
      extra('message', false);
      if (typeof action.teamId !== 'string' || !SLA_ID_PATTERN.test(action.teamId)) {
        problem(`${field}.teamId`, 'must be a team id');
        return undefined;
      }
      return { type: 'reassign_team', teamId: action.teamId };
    case 'escalate_level':
      extra('teamId', false);
      extra('message', false);
      if (action.level !== 1 && action.level !== 2 && action.level !== 3) {
        problem(`${field}.level`, 'must be a support level 1, 2 or 3');
        return undefined;
      }
      return { type: 'escalate_level', level: action.level };
    case 'notify':
      extra('teamId', false);
      extra('level', false);
      if (action.message !== undefined && action.message.length > MAX_NOTIFY_MESSAGE) {
        problem(`${field}.message`, `must be at most ${MAX_NOTIFY_MESSAGE} characters`);
      }
      return { type: 'notify', message: action.message ?? null };
    default:
      problem(`${field}.type`, `must be one of ${ESCALATION_ACTIONS.join(', ')}`);
      return undefined;
  }
}

/** Seconds of each target of a priority (for the clocks). */
export function targetSeconds(
  definition: SlaPolicyDefinition,
  priority: Priority,
): Partial<Record<SlaTarget, number>> {
  const result: Partial<Record<SlaTarget, number>> = {};
  for (const [target, duration] of Object.entries(definition.targets[priority] ?? {})) {
    const seconds = parseIsoDuration(duration);
    if (seconds !== undefined) result[target as SlaTarget] = seconds;
  }
  return result;
}
