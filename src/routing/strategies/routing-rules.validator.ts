/**
 * Checks a rule set as a client sent it (`PUT /routing/rules`) and, when it is sound, returns it
 * typed and normalised. Problems are field-level (dotted paths as in FieldError), all of them at
 * once, so a client can fix the whole body in one go.
 */
import type { FieldError } from '../../platform/http/problem-details';
import {
  CUSTOMER_TIERS,
  PRIORITIES,
  TICKET_TYPES,
  type CustomerTier,
  type Priority,
  type TicketType,
} from '../../tickets/ticket.values';
import {
  CHANNELS,
  DIRECTORY_ID_PATTERN,
  LANGUAGE_PATTERN,
  MAX_SKILL_LEVEL,
  MAX_SKILLS,
  MIN_SKILL_LEVEL,
  SKILL_NAME_PATTERN,
  type Channel,
} from '../directory.values';
import type { RequiredSkill } from './required-skills';
import {
  DEFAULT_RULE_ID,
  type RouteTarget,
  type RoutingRule,
  type RoutingRuleSet,
  type RuleConditions,
} from './routing-rules';

export const MAX_ROUTING_RULES = 500;
export const MAX_CONDITION_VALUES = 50;

export interface RequiredSkillInput {
  readonly skill: string;
  readonly minLevel: number;
}

export interface RuleConditionsInput {
  readonly channels?: readonly string[];
  readonly types?: readonly string[];
  readonly priorities?: readonly string[];
  readonly customerTiers?: readonly string[];
  readonly languages?: readonly string[];
  readonly tags?: readonly string[];
}

export interface RouteTargetInput {
  readonly teamId: string;
  readonly requiredSkills?: readonly RequiredSkillInput[];
}

export interface RoutingRuleInput extends RouteTargetInput {
  readonly id: string;
  readonly when?: RuleConditionsInput;
}

export interface RoutingRuleSetInput {
  readonly rules: readonly RoutingRuleInput[];
  readonly defaultRoute?: RouteTargetInput | null;
}

export type RuleSetValidation =
  | { readonly ok: true; readonly ruleSet: RoutingRuleSet }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

class Problems {
  readonly errors: FieldError[] = [];
  add(field: string, code: string, message: string): void {
    this.errors.push({ field, code, message });
  }
}

function checkList<T extends string>(
  problems: Problems,
  field: string,
  values: readonly string[] | undefined,
  isValid: (value: string) => value is T,
  what: string,
): readonly T[] | undefined {
  if (values === undefined) return undefined;
  if (values.length === 0) {
    problems.add(
      field,
      'empty-condition',
      `${field} is empty, so the rule could never match; leave it out to match any ${what}`,
    );
  }
  if (values.length > MAX_CONDITION_VALUES) {
    problems.add(
      field,
      'too-many-values',
      `${field} lists more than ${MAX_CONDITION_VALUES} values`,
    );
  }
  const accepted: T[] = [];
  values.forEach((value, index) => {
    if (isValid(value)) accepted.push(value);
    else
      problems.add(
        `${field}[${index}]`,
        'unknown-value',
        `'${String(value)}' is not a known ${what}`,
      );
  });
  return accepted;
}

const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (value: string): value is T =>
    (allowed as readonly string[]).includes(value);

function isLanguage(value: string): value is string {
  return typeof value === 'string' && LANGUAGE_PATTERN.test(value.trim());
}

function isTag(value: string): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 100;
}

function checkConditions(
  problems: Problems,
  field: string,
  when: RuleConditionsInput,
): RuleConditions {
  const channels = checkList<Channel>(
    problems,
    `${field}.channels`,
    when.channels,
    oneOf(CHANNELS),
    'channel',
  );
  const types = checkList<TicketType>(
    problems,
    `${field}.types`,
    when.types,
    oneOf(TICKET_TYPES),
    'ticket type',
  );
  const priorities = checkList<Priority>(
    problems,
    `${field}.priorities`,
    when.priorities,
    oneOf(PRIORITIES),
    'priority',
  );
  const customerTiers = checkList<CustomerTier>(
    problems,
    `${field}.customerTiers`,
    when.customerTiers,
    oneOf(CUSTOMER_TIERS),
    'customer tier',
  );
  const languages = checkList(
    problems,
    `${field}.languages`,
    when.languages,
    isLanguage,
    'language tag',
  );
  const tags = checkList(problems, `${field}.tags`, when.tags, isTag, 'tag');
  return {
    ...(channels !== undefined ? { channels } : {}),
    ...(types !== undefined ? { types } : {}),
    ...(priorities !== undefined ? { priorities } : {}),
    ...(customerTiers !== undefined ? { customerTiers } : {}),
    ...(languages !== undefined ? { languages: languages.map((l) => l.trim()) } : {}),
    ...(tags !== undefined ? { tags: tags.map((t) => t.trim().toLowerCase()) } : {}),
  };
}

function checkSkills(
  problems: Problems,
  field: string,
  skills: readonly RequiredSkillInput[],
): readonly RequiredSkill[] {
  if (skills.length > MAX_SKILLS) {
    problems.add(field, 'too-many-skills', `at most ${MAX_SKILLS} required skills`);
  }
  const seen = new Set<string>();
  return skills.map((input, index) => {
    const name = typeof input.skill === 'string' ? input.skill.trim().toLowerCase() : '';
    if (!SKILL_NAME_PATTERN.test(name)) {
      problems.add(
        `${field}[${index}].skill`,
        'invalid-skill',
        `'${String(input.skill)}' is not a skill name`,
      );
    } else if (seen.has(name)) {
      problems.add(
        `${field}[${index}].skill`,
        'duplicate-skill',
        `skill '${name}' is required twice`,
      );
    }
    seen.add(name);
    const level = input.minLevel;
    if (!Number.isInteger(level) || level < MIN_SKILL_LEVEL || level > MAX_SKILL_LEVEL) {
      problems.add(
        `${field}[${index}].minLevel`,
        'level-out-of-range',
        `minLevel must be a whole number from ${MIN_SKILL_LEVEL} to ${MAX_SKILL_LEVEL}`,
      );
    }
    return { skill: name, minLevel: level };
  });
}

function checkTarget(problems: Problems, field: string, target: RouteTargetInput): RouteTarget {
  const prefix = field === '' ? '' : `${field}.`;
  if (typeof target.teamId !== 'string' || !DIRECTORY_ID_PATTERN.test(target.teamId)) {
    problems.add(`${prefix}teamId`, 'invalid-team-id', 'teamId must be a team id');
  }
  return {
    teamId: target.teamId,
    requiredSkills: checkSkills(problems, `${prefix}requiredSkills`, target.requiredSkills ?? []),
  };
}

export function validateRoutingRules(input: RoutingRuleSetInput): RuleSetValidation {
  const problems = new Problems();
  if (input.rules.length > MAX_ROUTING_RULES) {
    problems.add('rules', 'too-many-rules', `at most ${MAX_ROUTING_RULES} rules`);
  }
  const ids = new Map<string, number>();
  const rules: RoutingRule[] = input.rules.map((rule, index) => {
    const field = `rules[${index}]`;
    if (typeof rule.id !== 'string' || !DIRECTORY_ID_PATTERN.test(rule.id)) {
      problems.add(`${field}.id`, 'invalid-rule-id', 'id must be 1–128 letters, digits or ._:@-');
    } else if (rule.id === DEFAULT_RULE_ID) {
      problems.add(
        `${field}.id`,
        'reserved-rule-id',
        `'${DEFAULT_RULE_ID}' names the default route`,
      );
    } else {
      const first = ids.get(rule.id);
      if (first !== undefined) {
        problems.add(
          `${field}.id`,
          'duplicate-rule-id',
          `rule id '${rule.id}' is also used by rules[${first}]`,
        );
      } else {
        ids.set(rule.id, index);
      }
    }
    const when = checkConditions(problems, `${field}.when`, rule.when ?? {});
    return { id: rule.id, when, ...checkTarget(problems, field, rule) };
  });
  let defaultRoute: RouteTarget | null = null;
  if (input.defaultRoute === undefined || input.defaultRoute === null) {
    problems.add(
      'defaultRoute',
      'missing-default-route',
      input.rules.length === 0
        ? 'there are no rules and no default route, so no ticket could be routed'
        : 'a default route must catch tickets no rule matches',
    );
  } else {
    defaultRoute = checkTarget(problems, 'defaultRoute', input.defaultRoute);
  }
  if (problems.errors.length > 0 || defaultRoute === null) {
    return { ok: false, errors: problems.errors };
  }
  return { ok: true, ruleSet: { rules, defaultRoute } };
}
