/**
 * Least loaded: the eligible agent with the lowest open-assigned / capacity; ties go to the one
 * idle the longest (earliest last assignment, never-assigned first), then to the lowest id so
 * every router instance picks the same agent from the same input.
 */
import { type AgentSnapshot, compareIds, instantMillis } from './agent-snapshot';
import { type AssignmentRequest, isEligible } from './eligibility';

/**
 * Compares load ratios exactly (cross-multiplied integers, no floating point), so 1/3 and 2/6
 * tie as they should. Eligible agents always have max > 0.
 */
export function compareLoad(a: AgentSnapshot, b: AgentSnapshot): number {
  return a.load.total * b.capacity.max - b.load.total * a.capacity.max;
}

function idleSince(agent: AgentSnapshot): number {
  return agent.lastAssignedAt === null
    ? Number.NEGATIVE_INFINITY
    : instantMillis(agent.lastAssignedAt);
}

/** Negative when `a` should be picked before `b`. */
export function compareLeastLoaded(a: AgentSnapshot, b: AgentSnapshot): number {
  const byLoad = compareLoad(a, b);
  if (byLoad !== 0) return byLoad;
  const byIdle = idleSince(a) - idleSince(b);
  if (byIdle !== 0 && !Number.isNaN(byIdle)) return byIdle;
  return compareIds(a.id, b.id);
}

/** The chosen agent, or null when nobody eligible is free. */
export function pickLeastLoaded(
  agents: readonly AgentSnapshot[],
  request: AssignmentRequest,
): AgentSnapshot | null {
  let best: AgentSnapshot | null = null;
  for (const agent of agents) {
    if (!isEligible(agent, request)) continue;
    if (best === null || compareLeastLoaded(agent, best) < 0) best = agent;
  }
  return best;
}
