import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import {
  EVENT_STORE,
  positionIsAfter,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import type { CommandContext } from '../../platform/http/command-context';
import { DomainError } from '../../platform/http/domain-error';
import { CLOCK, type Clock } from '../../platform/time/clock';
import type { Projection } from '../../projections/projection';
import { ProjectionDefinition } from '../../projections/projection-definition.decorator';
import { AssignTicketCommand } from '../../tickets/assign-ticket/assign-ticket.command';
import { OTHER_TICKET_STREAM_EVENT_TYPES, TICKET_EVENT_TYPES } from '../../tickets/ticket.events';
import { ticketStreamName } from '../../tickets/ticket.values';
import { UnassignTicketCommand } from '../../tickets/unassign-ticket/unassign-ticket.command';
import { AGENT_EVENT_TYPES, isAgentEventType, type AgentEvent } from '../agents/agent.events';
import { evolveAgent, initialAgentState } from '../agents/agent.state';
import { isRoutingRulesEventType, ruleSetOf } from '../rules/routing-rules.events';
import type { RoutingRuleSet } from '../strategies/routing-rules';
import { TEAM_EVENT_TYPES, isTeamEventType, type TeamEvent } from '../teams/team.events';
import { evolveTeam, initialTeamState, type Team } from '../teams/team.state';
import {
  agentTriggers,
  loadsOf,
  planRequeue,
  planTeamPass,
  routeTicket,
  ROUTER_ACTOR_ID,
  teamTriggers,
  ticketTriggers,
  type AssignDecision,
  type RouterTrigger,
  type RoutingReason,
} from './router.decider';
import { RouterStore } from './router-store';
import { evolveRouterTicket, type RouterTicket, type TicketStreamEvent } from './router-ticket';

export const ROUTER_PROJECTION_NAME = 'router';

const TICKET_PREFIX = 'ticket-';
const AGENT_PREFIX = 'agent-';
const TEAM_PREFIX = 'team-';
/** Re-plans of one team pass after a refused assignment before giving up until the next trigger. */
const MAX_PASS_ATTEMPTS = 5;
/** Upper bound on the look-ahead for assignments already in the log beyond the batch. */
const LOOKAHEAD_LIMIT = 1000;

/** A trigger and the event that caused it (for the correlation and causation of commands). */
interface Work {
  readonly trigger: RouterTrigger;
  readonly cause: RecordedEvent;
}

/** An assignment already in the log beyond the batch (see lookAhead). */
interface KnownAssignment {
  readonly agentId: string | null;
  readonly teamId: string | null;
  readonly revision: bigint;
}

interface Batch {
  readonly store: RouterStore;
  readonly work: Work[];
  readonly ahead: Map<string, KnownAssignment>;
  readonly at: string;
}

/**
 * The durable router: a projection (one instance at a time, advisory lock; checkpoint in the same
 * transaction as its tables) that keeps the router's own view of tickets, agents, teams and rules,
 * and on each batch runs the routing the batch's events call for, issuing the tickets' assign and
 * unassign commands as the `system` actor `router`.
 *
 * Why no over-assignment: one instance decides at a time; load is counted from its own tables,
 * which it updates (from the ticket stream) right after each assignment it makes, before the next
 * decision; every assignment carries the ticket revision it was decided on, so a ticket changed
 * meanwhile (by a person or by an earlier, rolled-back run of this very batch) is refused (412),
 * re-read and re-planned, never assigned blindly or twice.
 */
@Injectable()
@ProjectionDefinition()
export class RouterProjection implements Projection {
  private readonly logger = new Logger(RouterProjection.name);
  readonly name = ROUTER_PROJECTION_NAME;
  readonly version = 1;
  readonly eventTypes = [
    ...new Set([
      ...TICKET_EVENT_TYPES,
      ...OTHER_TICKET_STREAM_EVENT_TYPES,
      ...AGENT_EVENT_TYPES,
      ...TEAM_EVENT_TYPES,
      'RoutingRulesDefined',
      'RoutingRulesChanged',
    ]),
  ];
  readonly tables = ['router_tickets', 'router_agents', 'router_teams', 'router_rules'];

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const store = new RouterStore(manager);
    const actedUpTo = await this.actedUpTo(manager);
    const work: Work[] = [];
    for (const event of events) {
      const triggers = await this.apply(store, event);
      // History the serving router already acted on is folded into the tables, not acted on again.
      if (actedUpTo !== null && !positionIsAfter(event.position, actedUpTo)) continue;
      for (const trigger of triggers) work.push({ trigger, cause: event });
    }
    if (work.length === 0) return;
    const last = events.at(-1);
    const batch: Batch = {
      store,
      work,
      ahead: last ? await this.lookAhead(last.position) : new Map<string, KnownAssignment>(),
      at: this.clock.now().toISOString(),
    };
    await this.drain(batch);
  }

  /**
   * During a rebuild (version bump, admin request, `npm run rebuild`), the position up to which the
   * serving router has already decided; null while serving. A rebuild replays the whole log, and
   * re-planning history against today's tickets would act for real wherever a ticket has not
   * moved since (a team-only assignment the serving router never made, or one it re-planned after
   * a refusal): seen in test/e2e/rebuild, where `npm run rebuild` appended a TicketAssigned. Events
   * after that position arrived while the rebuild ran, and no one else routes them: those it acts on.
   * (While serving, the worker has already moved `position` to this batch's end.)
   */
  private async actedUpTo(manager: EntityManager): Promise<Position | null> {
    const [row] = await manager.query<
      { position: Position | null; rebuild_version: number | null }[]
    >('SELECT position, rebuild_version FROM public.projection_checkpoints WHERE name = $1', [
      this.name,
    ]);
    return row === undefined || row.rebuild_version === null ? null : row.position;
  }

  // ---- folding events into the router's tables ------------------------------------------------

  private async apply(store: RouterStore, event: RecordedEvent): Promise<RouterTrigger[]> {
    if (event.streamName.startsWith(TICKET_PREFIX)) {
      return this.applyTicketEvents(store, event.streamName.slice(TICKET_PREFIX.length), [event]);
    }
    if (event.streamName.startsWith(AGENT_PREFIX) && isAgentEventType(event.type)) {
      const agentId = event.streamName.slice(AGENT_PREFIX.length);
      const current = await store.agent(agentId);
      const next = evolveAgent(current?.agent ?? initialAgentState(), {
        type: event.type,
        data: event.data,
      } as unknown as AgentEvent);
      if (!next.exists) return [];
      await store.saveAgent(next);
      return agentTriggers(event.type, agentId, event.data);
    }
    if (event.streamName.startsWith(TEAM_PREFIX) && isTeamEventType(event.type)) {
      const teamId = event.streamName.slice(TEAM_PREFIX.length);
      const current = await store.team(teamId);
      const next = evolveTeam(current?.team ?? initialTeamState(), {
        type: event.type,
        data: event.data,
      } as unknown as TeamEvent);
      if (!next.exists) return [];
      await store.saveTeam(next);
      return teamTriggers(event.type, teamId);
    }
    if (isRoutingRulesEventType(event.type)) {
      await store.saveRules(ruleSetOf(event.data as unknown as RoutingRuleSet));
    }
    return [];
  }

  /** Folds ticket-stream events (in revision order) into the ticket's row; returns their triggers. */
  private async applyTicketEvents(
    store: RouterStore,
    ticketId: string,
    events: readonly TicketStreamEvent[],
  ): Promise<RouterTrigger[]> {
    let ticket = await store.ticket(ticketId);
    const teams = await store.teams();
    const pendingFrees = (teamId: string | null): boolean =>
      teamId !== null && (teams.get(teamId)?.pendingFreesCapacity ?? false);
    const triggers: RouterTrigger[] = [];
    let changed = false;
    for (const event of events) {
      const next = evolveRouterTicket(ticket, event);
      if (next === ticket) continue;
      triggers.push(...ticketTriggers(event.type, ticket, next, pendingFrees));
      ticket = next;
      changed = true;
    }
    if (changed && ticket !== null) await store.saveTicket(ticket);
    return triggers;
  }

  /**
   * Brings one ticket's row up to its stream (after the router wrote to it, or was refused):
   * the events folded here are skipped when the subscription delivers them, so their triggers
   * are queued now.
   */
  private async catchUp(batch: Batch, ticketId: string, cause: RecordedEvent): Promise<void> {
    const known = await batch.store.ticket(ticketId);
    const fromRevision = known === null ? 0n : BigInt(known.revision) + 1n;
    const events = await this.eventStore.readStream(ticketStreamName(ticketId), { fromRevision });
    const triggers = await this.applyTicketEvents(batch.store, ticketId, events);
    for (const trigger of triggers) batch.work.push({ trigger, cause });
  }

  /**
   * Assignments already in the log after this batch (the router's own from a run of this batch
   * whose transaction failed, or a supervisor's): counted as load now rather than when they are
   * reached, so a replay never gives their agents more than their capacity meanwhile.
   */
  private async lookAhead(from: string): Promise<Map<string, KnownAssignment>> {
    const events = await this.eventStore.readAll({
      from,
      maxCount: LOOKAHEAD_LIMIT,
      filter: { streamPrefixes: [TICKET_PREFIX], eventTypes: ['TicketAssigned'] },
    });
    const ahead = new Map<string, KnownAssignment>();
    for (const event of events) {
      const data = event.data as { agentId?: string | null; teamId?: string | null };
      ahead.set(event.streamName.slice(TICKET_PREFIX.length), {
        agentId: data.agentId ?? null,
        teamId: data.teamId ?? null,
        revision: event.revision,
      });
    }
    return ahead;
  }

  private overlaid(batch: Batch, ticket: RouterTicket): RouterTicket {
    const known = batch.ahead.get(ticket.id);
    if (known === undefined || known.revision <= BigInt(ticket.revision)) return ticket;
    return { ...ticket, assigneeId: known.agentId, teamId: known.teamId };
  }

  // ---- acting on triggers -----------------------------------------------------------------------

  private async drain(batch: Batch): Promise<void> {
    const done = new Set<string>();
    for (let index = 0; index < batch.work.length; index += 1) {
      const { trigger, cause } = batch.work[index];
      // Identical triggers of one batch run once (a later pass sees everything an earlier one
      // would), except agent_offline which must requeue after any reassignment in between.
      const key = JSON.stringify(trigger);
      if (trigger.kind !== 'agent_offline' && done.has(key)) continue;
      done.add(key);
      switch (trigger.kind) {
        case 'route_ticket':
          await this.routeTicket(batch, trigger.ticketId, trigger.reason, cause);
          break;
        case 'agent_free':
          await this.serveAgentTeams(batch, trigger.agentId, trigger.reason, cause);
          break;
        case 'team_changed':
          await this.runTeamPass(batch, trigger.teamId, 'team_changed', cause);
          break;
        case 'agent_offline':
          await this.requeue(batch, trigger.agentId, cause);
          break;
      }
    }
  }

  private async routeTicket(
    batch: Batch,
    ticketId: string,
    reason: RoutingReason,
    cause: RecordedEvent,
  ): Promise<void> {
    const stored = await batch.store.ticket(ticketId);
    if (stored === null) return;
    const ticket = this.overlaid(batch, stored);
    if (!(ticket.status === 'new' || ticket.status === 'open') || ticket.assigneeId !== null) {
      return;
    }
    const route = routeTicket(await batch.store.rules(), ticket);
    if (route === null) return;
    if (JSON.stringify(route) !== JSON.stringify(stored.route)) {
      await batch.store.saveTicket({ ...stored, route });
    }
    await this.runTeamPass(batch, route.teamId, reason, cause);
  }

  private async serveAgentTeams(
    batch: Batch,
    agentId: string,
    reason: RoutingReason,
    cause: RecordedEvent,
  ): Promise<void> {
    const agent = await batch.store.agent(agentId);
    if (agent === null || !agent.agent.active || agent.agent.availability !== 'online') return;
    for (const teamId of [...agent.agent.teamIds].sort()) {
      await this.runTeamPass(batch, teamId, reason, cause);
    }
  }

  private async runTeamPass(
    batch: Batch,
    teamId: string,
    reason: RoutingReason,
    cause: RecordedEvent,
  ): Promise<void> {
    for (let attempt = 0; attempt < MAX_PASS_ATTEMPTS; attempt += 1) {
      const team = await batch.store.team(teamId);
      if (team === null || !team.team.active) return;
      const tickets = (await batch.store.waitingFor(teamId)).map((t) => this.overlaid(batch, t));
      if (!tickets.some((t) => t.assigneeId === null)) return;
      const agents = await batch.store.members(teamId);
      const teams = await batch.store.teams();
      const loads = loadsOf(
        await this.assignedTo(
          batch,
          agents.map((a) => a.agent.id),
        ),
        (id) => pendingFreesOf(teams, id),
      );
      const plan = planTeamPass({ team, tickets, agents, loads, at: batch.at, reason });
      let refused = false;
      for (const decision of plan.decisions) {
        const assigned = await this.assign(batch, decision, cause);
        if (!assigned) {
          refused = true;
          break;
        }
        if (decision.agentId !== null) {
          await batch.store.markAssigned(decision.agentId, batch.at);
          if (team.team.strategy === 'round_robin') {
            await batch.store.setRoundRobinPointer(teamId, decision.agentId);
          }
        }
      }
      // A refused assignment means the router's view was stale: it has just been brought up to
      // date, so plan again on it (loads included) rather than go on with a plan made on the old.
      if (!refused) return;
    }
    this.logger.warn(`router: gave up on team ${teamId} after ${MAX_PASS_ATTEMPTS} refused plans`);
  }

  /** Unfinished tickets of these agents, including assignments seen ahead in the log. */
  private async assignedTo(batch: Batch, agentIds: readonly string[]): Promise<RouterTicket[]> {
    const members = new Set(agentIds);
    const stored = await batch.store.assignedTo(agentIds);
    const result = stored.map((ticket) => this.overlaid(batch, ticket));
    const seen = new Set(stored.map((ticket) => ticket.id));
    for (const [ticketId, known] of batch.ahead) {
      if (seen.has(ticketId) || known.agentId === null || !members.has(known.agentId)) continue;
      const ticket = await batch.store.ticket(ticketId);
      if (ticket !== null) {
        const overlaid = this.overlaid(batch, ticket);
        if (overlaid.status !== 'solved' && overlaid.status !== 'closed') result.push(overlaid);
      }
    }
    return result;
  }

  /** Issues one assignment; false when the ticket refused it (changed meanwhile, agent gone…). */
  private async assign(
    batch: Batch,
    decision: AssignDecision,
    cause: RecordedEvent,
  ): Promise<boolean> {
    let accepted = true;
    try {
      await this.commandBus.execute(
        new AssignTicketCommand(
          {
            ticketId: decision.ticketId,
            ...(decision.agentId !== null ? { agentId: decision.agentId } : {}),
            teamId: decision.teamId,
            routing: decision.routing,
          },
          { context: contextOf(cause), ifMatch: decision.expectedRevision },
        ),
      );
    } catch (error) {
      if (!isRefusal(error)) throw error;
      accepted = false;
    }
    await this.catchUp(batch, decision.ticketId, cause);
    return accepted;
  }

  private async requeue(batch: Batch, agentId: string, cause: RecordedEvent): Promise<void> {
    const agent = await batch.store.agent(agentId);
    if (agent === null || agent.agent.availability !== 'offline') return;
    const teams = await batch.store.teams();
    const tickets = planRequeue(agentId, await batch.store.assignedTo([agentId]), (teamId) =>
      teamId === null ? false : (teams.get(teamId)?.requeueUnansweredOnOffline ?? false),
    );
    for (const ticket of tickets) {
      try {
        await this.commandBus.execute(
          new UnassignTicketCommand(
            { ticketId: ticket.id, scope: 'agent' },
            { context: contextOf(cause), ifMatch: BigInt(ticket.revision) },
          ),
        );
      } catch (error) {
        if (!isRefusal(error)) throw error;
      }
      await this.catchUp(batch, ticket.id, cause);
    }
  }
}

function pendingFreesOf(teams: ReadonlyMap<string, Team>, teamId: string | null): boolean {
  return teamId !== null && (teams.get(teamId)?.pendingFreesCapacity ?? false);
}

function contextOf(cause: RecordedEvent): CommandContext {
  return {
    actor: { type: 'system', id: ROUTER_ACTOR_ID },
    correlationId: cause.metadata.correlationId,
    causationId: cause.id,
  };
}

/** A ticket command's "no" (4xx): the router re-reads and re-plans. Anything else fails the batch. */
function isRefusal(error: unknown): boolean {
  if (error instanceof DomainError) return true;
  return error instanceof HttpException && error.getStatus() < 500;
}
