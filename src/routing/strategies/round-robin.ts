/**
 * Round robin: agents in a stable order (by id), the team remembers the last one given a ticket
 * (its pointer), and the next ticket goes to the first eligible agent after it, wrapping around.
 * Ineligible agents are skipped, not queued for later, so a busy agent does not hold up the turn.
 * The pointer is an agent id rather than an index so agents joining or leaving do not shift it.
 */
import { type AgentSnapshot, compareIds } from './agent-snapshot';
import { type AssignmentRequest, isEligible } from './eligibility';

export interface RoundRobinPick {
  readonly agent: AgentSnapshot;
  /** The team's new pointer: the picked agent's id. */
  readonly pointer: string;
}

/**
 * @param pointer the id of the agent who got the team's previous ticket; null: start from the
 *   lowest id. The agent need not still exist.
 */
export function pickRoundRobin(
  agents: readonly AgentSnapshot[],
  request: AssignmentRequest,
  pointer: string | null,
): RoundRobinPick | null {
  const ordered = [...agents].sort((a, b) => compareIds(a.id, b.id));
  const start =
    pointer === null ? 0 : ordered.findIndex((agent) => compareIds(agent.id, pointer) > 0);
  // No id after the pointer: the turn wraps to the start.
  const from = start === -1 ? 0 : start;
  for (let step = 0; step < ordered.length; step += 1) {
    const agent = ordered[(from + step) % ordered.length];
    if (agent !== undefined && isEligible(agent, request)) return { agent, pointer: agent.id };
  }
  return null;
}
