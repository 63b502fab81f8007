/**
 * May this agent take this ticket now? Every condition must hold; the verdict lists all that fail
 * so a supervisor (or a test) can see why nobody was picked.
 */
import type { Channel } from '../directory.values';
import { type AgentSnapshot, loadOnChannel } from './agent-snapshot';
import { anyLanguageCovers } from './language';
import { hasRequiredSkills, type RequiredSkill } from './required-skills';

/** The ticket's side of the question. */
export interface AssignmentRequest {
  readonly teamId: string;
  readonly channel: Channel;
  /** Null: the ticket has no language, so any agent will do. */
  readonly language: string | null;
  readonly requiredSkills: readonly RequiredSkill[];
  /** An escalated ticket needs an agent of at least this support level; absent: 1. */
  readonly supportLevel?: number;
}

export const INELIGIBILITY_REASONS = [
  'deactivated',
  'not_online',
  'not_in_team',
  'at_capacity',
  'at_channel_capacity',
  'missing_skills',
  'language',
  'support_level',
] as const;
export type IneligibilityReason = (typeof INELIGIBILITY_REASONS)[number];

export type EligibilityVerdict =
  | { readonly eligible: true }
  | { readonly eligible: false; readonly reasons: readonly IneligibilityReason[] };

export function checkEligibility(
  agent: AgentSnapshot,
  request: AssignmentRequest,
): EligibilityVerdict {
  const reasons: IneligibilityReason[] = [];
  if (!agent.active) reasons.push('deactivated');
  if (agent.availability !== 'online') reasons.push('not_online');
  if (!agent.teamIds.includes(request.teamId)) reasons.push('not_in_team');
  if (agent.load.total >= agent.capacity.max) reasons.push('at_capacity');
  const channelCap = agent.capacity.perChannel[request.channel];
  if (channelCap !== undefined && loadOnChannel(agent.load, request.channel) >= channelCap) {
    reasons.push('at_channel_capacity');
  }
  if (!hasRequiredSkills(agent.skills, request.requiredSkills)) reasons.push('missing_skills');
  if (
    request.language !== null &&
    agent.languages.length > 0 &&
    !anyLanguageCovers(agent.languages, request.language)
  ) {
    reasons.push('language');
  }
  // A ticket escalated to level 2 or 3 goes to agents of that level or above (a level-1 agent
  // would only escalate it again).
  if (
    agent.supportLevel !== undefined &&
    request.supportLevel !== undefined &&
    agent.supportLevel < request.supportLevel
  ) {
    reasons.push('support_level');
  }
  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}

export function isEligible(agent: AgentSnapshot, request: AssignmentRequest): boolean {
  return checkEligibility(agent, request).eligible;
}
