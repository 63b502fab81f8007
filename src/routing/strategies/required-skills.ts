/**
 * What a ticket asks of the agent who takes it: every listed skill at or above its level.
 * Rules name these; a team's default skills stand in when the rule names none (see
 * TeamSettings.defaultSkills).
 */
import type { Skill } from '../directory.values';

export interface RequiredSkill {
  /** Lower-case skill name, e.g. `billing`. */
  readonly skill: string;
  /** 1–5: the agent's level in the skill must be at least this. */
  readonly minLevel: number;
}

/** The rule's skills if it names any, otherwise the team's defaults. */
export function resolveRequiredSkills(
  fromRule: readonly RequiredSkill[],
  teamDefaults: readonly Skill[],
): readonly RequiredSkill[] {
  if (fromRule.length > 0) return fromRule;
  return teamDefaults.map((skill) => ({ skill: skill.skill, minLevel: skill.level }));
}

/** True when the agent has every required skill at or above its level (names compare case-insensitively). */
export function hasRequiredSkills(
  agentSkills: readonly Skill[],
  required: readonly RequiredSkill[],
): boolean {
  return required.every((need) => {
    const name = need.skill.toLowerCase();
    return agentSkills.some(
      (have) => have.skill.toLowerCase() === name && have.level >= need.minLevel,
    );
  });
}
