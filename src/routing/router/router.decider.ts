/**
 * The router's decisions, pure: which events call for routing (triggers), where a ticket goes
 * (rules → team + required skills), who gets what in one pass over a team's queue, and which
 * tickets go back to the queue when an agent goes offline. The projection (router.projection.ts)
 * loads the inputs from its own tables, calls these and issues the resulting ticket commands.
 */
import type { Agent } from '../agents/agent.state';
import type { AgentLoad, AgentSnapshot } from '../strategies/agent-snapshot';
import { assignNext } from '../strategies/assign-next';
import { DEFAULT_RULE_ID, matchRule, type RoutingRuleSet } from '../strategies/routing-rules';
import type { WaitingTicket } from '../strategies/waiting-ticket';
import type { Team } from '../teams/team.state';
import type { TicketAssignmentRouting } from '../../tickets/ticket.events';
import { FIRST_SUPPORT_LEVEL } from '../../tickets/ticket.values';
import { countsAsLoad, isWaiting, type RouterTicket, type TicketRoute } from './router-ticket';

export const ROUTER_ACTOR_ID = 'router';

/** What made the router run a pass; recorded as `routing.reason` on the assignment. */
export type RoutingReason =
  | 'ticket_opened'
  | 'ticket_escalated'
  | 'ticket_unassigned'
  | 'ticket_reopened'
  | 'ticket_changed'
  | 'agent_online'
  | 'agent_changed'
  | 'capacity_freed'
  | 'team_changed';

export type RouterTrigger =
  | { readonly kind: 'route_ticket'; readonly ticketId: string; readonly reason: RoutingReason }
  | { readonly kind: 'agent_free'; readonly agentId: string; readonly reason: RoutingReason }
  | { readonly kind: 'agent_offline'; readonly agentId: string }
  | { readonly kind: 'team_changed'; readonly teamId: string };

const ROUTE_REASONS: Readonly<Record<string, RoutingReason>> = {
  TicketOpened: 'ticket_opened',
  TicketEscalated: 'ticket_escalated',
  TicketUnassigned: 'ticket_unassigned',
  TicketReopened: 'ticket_reopened',
  TicketClassified: 'ticket_changed',
  TicketReprioritised: 'ticket_changed',
  TicketAssigned: 'ticket_changed',
  TicketResumed: 'ticket_changed',
};

/**
 * Triggers of one ticket-stream event, from the router's ticket before and after it.
 * `pendingFreesCapacity` answers for the ticket's team.
 */
export function ticketTriggers(
  eventType: string,
  before: RouterTicket | null,
  after: RouterTicket | null,
  pendingFreesCapacity: (teamId: string | null) => boolean,
): RouterTrigger[] {
  const triggers: RouterTrigger[] = [];
  if (after !== null && isWaiting(after)) {
    const reason = ROUTE_REASONS[eventType];
    const becameWaiting = before === null || !isWaiting(before);
    if (reason !== undefined || becameWaiting) {
      triggers.push({
        kind: 'route_ticket',
        ticketId: after.id,
        reason: reason ?? 'ticket_changed',
      });
    }
  }
  const previousAgent = before?.assigneeId ?? null;
  if (before !== null && previousAgent !== null) {
    const countedBefore = countsAsLoad(before, pendingFreesCapacity(before.teamId));
    const countsAfter =
      after !== null &&
      after.assigneeId === previousAgent &&
      countsAsLoad(after, pendingFreesCapacity(after.teamId));
    if (countedBefore && !countsAfter) {
      triggers.push({ kind: 'agent_free', agentId: previousAgent, reason: 'capacity_freed' });
    }
  }
  return triggers;
}

/** Triggers of an agent event (`agent-<id>`). */
export function agentTriggers(
  eventType: string,
  agentId: string,
  data: Readonly<Record<string, unknown>>,
): RouterTrigger[] {
  switch (eventType) {
    case 'AgentAvailabilityChanged':
      if (data.availability === 'online') {
        return [{ kind: 'agent_free', agentId, reason: 'agent_online' }];
      }
      return data.availability === 'offline' ? [{ kind: 'agent_offline', agentId }] : [];
    case 'AgentCapacityChanged':
    case 'AgentSkillsChanged':
    case 'AgentTeamsChanged':
    case 'AgentProfileUpdated':
      return [{ kind: 'agent_free', agentId, reason: 'agent_changed' }];
    default:
      return [];
  }
}

/** Triggers of a team event (`team-<id>`): a changed strategy or skills may serve the queue now. */
export function teamTriggers(eventType: string, teamId: string): RouterTrigger[] {
  return eventType === 'TeamUpdated' || eventType === 'TeamReactivated'
    ? [{ kind: 'team_changed', teamId }]
    : [];
}

/**
 * Where a waiting ticket goes. A ticket already in a team's queue (escalated or assigned there)
 * stays in it: the rules only decide its required skills, and only if their match names that
 * team. A ticket without a team goes where the first matching rule (or the default route) says.
 * Null: no team and no rules defined yet; it waits until someone assigns it.
 */
export function routeTicket(
  rules: RoutingRuleSet | null,
  ticket: RouterTicket,
): TicketRoute | null {
  const matched =
    rules === null
      ? null
      : matchRule(rules, {
          channel: ticket.channel,
          type: ticket.type,
          priority: ticket.priority,
          customerTier: ticket.customerTier,
          language: ticket.language,
          tags: ticket.tags,
        });
  if (ticket.teamId !== null) {
    if (matched !== null && matched.teamId === ticket.teamId) {
      return {
        teamId: ticket.teamId,
        ruleId: matched.ruleId,
        requiredSkills: matched.requiredSkills,
      };
    }
    return { teamId: ticket.teamId, ruleId: null, requiredSkills: [] };
  }
  if (matched === null) return null;
  return { teamId: matched.teamId, ruleId: matched.ruleId, requiredSkills: matched.requiredSkills };
}

/** The team as the router knows it: the folded team plus its round-robin pointer. */
export interface RouterTeam {
  readonly team: Team;
  readonly roundRobinPointer: string | null;
}

/** The agent as the router knows it: the folded agent plus when the router last gave it a ticket. */
export interface RouterAgent {
  readonly agent: Agent;
  readonly lastAssignedAt: string | null;
}

/** Open assigned load per agent, counted from the router's tickets. */
export function loadsOf(
  assigned: readonly RouterTicket[],
  pendingFreesCapacity: (teamId: string | null) => boolean,
): Map<string, AgentLoad> {
  const loads = new Map<string, AgentLoad>();
  for (const ticket of assigned) {
    if (ticket.assigneeId === null) continue;
    if (!countsAsLoad(ticket, pendingFreesCapacity(ticket.teamId))) continue;
    const load = loads.get(ticket.assigneeId) ?? { total: 0, byChannel: {} };
    loads.set(ticket.assigneeId, {
      total: load.total + 1,
      byChannel: { ...load.byChannel, [ticket.channel]: (load.byChannel[ticket.channel] ?? 0) + 1 },
    });
  }
  return loads;
}

export interface TeamPassInput {
  readonly team: RouterTeam;
  /** The team's waiting tickets, and tickets without a team whose route names it. */
  readonly tickets: readonly RouterTicket[];
  /** The team's members. */
  readonly agents: readonly RouterAgent[];
  readonly loads: ReadonlyMap<string, AgentLoad>;
  readonly at: string;
  readonly reason: RoutingReason;
}

export interface AssignDecision {
  readonly ticketId: string;
  /** Null: only put the ticket in the team's queue (nobody eligible is free). */
  readonly agentId: string | null;
  readonly teamId: string;
  /** The ticket revision the decision was made on: the assign command's expected revision. */
  readonly expectedRevision: bigint;
  readonly routing: TicketAssignmentRouting;
}

export interface TeamPassResult {
  readonly decisions: readonly AssignDecision[];
  readonly roundRobinPointer: string | null;
}

const NO_LOAD: AgentLoad = { total: 0, byChannel: {} };

/**
 * One pass over a team's queue (see assignNext): agents get tickets in offer order up to their
 * capacity, counted from `loads` plus what this pass gives them. Tickets that had no team and
 * found nobody are still put in the team's queue (a team-only assignment), so queues show them.
 */
export function planTeamPass(input: TeamPassInput): TeamPassResult {
  const { team, at, reason } = input;
  if (!team.team.active) return { decisions: [], roundRobinPointer: team.roundRobinPointer };
  const teamId = team.team.id;
  const candidates = input.tickets.filter(
    (ticket) =>
      isWaiting(ticket) &&
      (ticket.teamId === teamId || (ticket.teamId === null && ticket.route?.teamId === teamId)),
  );
  const byId = new Map(candidates.map((ticket) => [ticket.id, ticket]));
  const waiting: WaitingTicket[] = candidates.map((ticket) => ({
    id: ticket.id,
    channel: ticket.channel,
    priority: ticket.priority,
    customerTier: ticket.customerTier,
    language: ticket.language,
    openedAt: ticket.openedAt,
    slaDueAt: ticket.nextDueAt,
    ruleId: ticket.route?.ruleId ?? DEFAULT_RULE_ID,
    requiredSkills: ticket.route?.teamId === teamId ? ticket.route.requiredSkills : [],
    supportLevel: ticket.level ?? FIRST_SUPPORT_LEVEL,
  }));
  const agents: AgentSnapshot[] = input.agents
    .filter((entry) => entry.agent.teamIds.includes(teamId))
    .map(({ agent, lastAssignedAt }) => ({
      id: agent.id,
      active: agent.active,
      availability: agent.availability,
      teamIds: agent.teamIds,
      skills: agent.skills,
      languages: agent.languages,
      capacity: agent.capacity,
      load: input.loads.get(agent.id) ?? NO_LOAD,
      lastAssignedAt,
      supportLevel: agent.supportLevel,
    }));
  const result = assignNext({
    team: {
      id: teamId,
      strategy: team.team.strategy,
      defaultSkills: team.team.defaultSkills,
      roundRobinPointer: team.roundRobinPointer,
    },
    waiting,
    agents,
    at,
  });
  const decisionFor = (ticket: RouterTicket, agentId: string | null): AssignDecision => ({
    ticketId: ticket.id,
    agentId,
    teamId,
    expectedRevision: BigInt(ticket.revision),
    routing: {
      ruleId: ticket.route?.teamId === teamId ? ticket.route.ruleId : null,
      teamId,
      strategy: team.team.strategy,
      reason,
    },
  });
  const decisions: AssignDecision[] = [];
  for (const assignment of result.assignments) {
    const ticket = byId.get(assignment.ticketId);
    if (ticket !== undefined) decisions.push(decisionFor(ticket, assignment.agentId));
  }
  for (const ticketId of result.stillWaiting) {
    const ticket = byId.get(ticketId);
    if (ticket !== undefined && ticket.teamId === null) decisions.push(decisionFor(ticket, null));
  }
  return { decisions, roundRobinPointer: result.roundRobinPointer };
}

/**
 * The tickets to hand back to the queue when `agentId` goes offline: those still assigned to
 * them, open for work, not yet answered by them, in a team whose setting says so.
 */
export function planRequeue(
  agentId: string,
  assigned: readonly RouterTicket[],
  requeueUnansweredOnOffline: (teamId: string | null) => boolean,
): RouterTicket[] {
  return assigned.filter(
    (ticket) =>
      ticket.assigneeId === agentId &&
      (ticket.status === 'new' || ticket.status === 'open') &&
      !ticket.answered &&
      requeueUnansweredOnOffline(ticket.teamId),
  );
}
