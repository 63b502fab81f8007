/**
 * One routing pass over a team's queue: offer the waiting tickets in offer order, pick an agent
 * for each with the team's strategy, and count each assignment against the agent before the next
 * ticket is offered, so no agent ends the pass over capacity. A ticket nobody can take stays
 * waiting without blocking the tickets behind it (a `mandarin` ticket must not hold up the queue
 * when only English speakers are free).
 *
 * Pure: the durable router supplies the snapshots and the instant, then issues each assignment
 * through the tickets' assign command. The snapshots are only as fresh as the router's read, so
 * the command side must still refuse an assignment that would go over capacity.
 */
import type { AssignmentStrategy, Skill } from '../directory.values';
import { type AgentSnapshot, withOneMore } from './agent-snapshot';
import type { AssignmentRequest } from './eligibility';
import { pickLeastLoaded } from './least-loaded';
import { sortForOffer } from './offer-order';
import { type RequiredSkill, resolveRequiredSkills } from './required-skills';
import { pickRoundRobin } from './round-robin';
import type { WaitingTicket } from './waiting-ticket';

export interface TeamRoutingState {
  readonly id: string;
  readonly strategy: AssignmentStrategy;
  readonly defaultSkills: readonly Skill[];
  /** Round robin: the agent who got the team's last ticket; null: none yet. */
  readonly roundRobinPointer: string | null;
}

export interface AssignNextInput {
  readonly team: TeamRoutingState;
  readonly waiting: readonly WaitingTicket[];
  readonly agents: readonly AgentSnapshot[];
  /** The pass's instant (from CLOCK), recorded as the picked agents' last assignment. */
  readonly at: string;
}

export interface Assignment {
  readonly ticketId: string;
  readonly agentId: string;
  readonly teamId: string;
  /** The routing rule that sent the ticket to the team (`default` for the catch-all). */
  readonly ruleId: string;
  readonly strategy: AssignmentStrategy;
  readonly requiredSkills: readonly RequiredSkill[];
}

export interface AssignNextResult {
  /** In the order they were decided (offer order). */
  readonly assignments: readonly Assignment[];
  /** Tickets nobody could take, in offer order. */
  readonly stillWaiting: readonly string[];
  readonly roundRobinPointer: string | null;
  /** The agents as they stand after the pass (loads and last assignment updated). */
  readonly agents: readonly AgentSnapshot[];
}

function uniqueById<T extends { readonly id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

export function assignNext(input: AssignNextInput): AssignNextResult {
  const { team, at } = input;
  // A ticket listed twice is still one ticket: offering it twice could assign it twice.
  const queue = sortForOffer(uniqueById(input.waiting));
  let agents = uniqueById(input.agents);
  let pointer = team.roundRobinPointer;
  const assignments: Assignment[] = [];
  const stillWaiting: string[] = [];

  for (const ticket of queue) {
    const requiredSkills = resolveRequiredSkills(ticket.requiredSkills, team.defaultSkills);
    const request: AssignmentRequest = {
      teamId: team.id,
      channel: ticket.channel,
      language: ticket.language,
      requiredSkills,
      ...(ticket.supportLevel !== undefined ? { supportLevel: ticket.supportLevel } : {}),
    };
    const picked =
      team.strategy === 'round_robin'
        ? (pickRoundRobin(agents, request, pointer)?.agent ?? null)
        : pickLeastLoaded(agents, request);
    if (picked === null) {
      stillWaiting.push(ticket.id);
      continue;
    }
    if (team.strategy === 'round_robin') pointer = picked.id;
    agents = agents.map((agent) =>
      agent.id === picked.id
        ? { ...agent, load: withOneMore(agent.load, ticket.channel), lastAssignedAt: at }
        : agent,
    );
    assignments.push({
      ticketId: ticket.id,
      agentId: picked.id,
      teamId: team.id,
      ruleId: ticket.ruleId,
      strategy: team.strategy,
      requiredSkills,
    });
  }
  return { assignments, stillWaiting, roundRobinPointer: pointer, agents };
}
