/**
 * The router's tables, read and written through the projection batch's EntityManager only (so
 * every write commits with the router's checkpoint). Rows hold the folded values as JSON; the
 * columns beside them are what the queue and load queries filter on.
 */
import type { EntityManager } from 'typeorm';
import type { Agent } from '../agents/agent.state';
import type { RoutingRuleSet } from '../strategies/routing-rules';
import type { Team } from '../teams/team.state';
import type { RouterAgent, RouterTeam } from './router.decider';
import type { RouterTicket } from './router-ticket';

interface StateRow<T> {
  readonly state: T;
}

export class RouterStore {
  constructor(private readonly manager: EntityManager) {}

  async ticket(ticketId: string): Promise<RouterTicket | null> {
    const rows = await this.manager.query<StateRow<RouterTicket>[]>(
      'SELECT state FROM router_tickets WHERE ticket_id = $1',
      [ticketId],
    );
    return rows[0]?.state ?? null;
  }

  async saveTicket(ticket: RouterTicket): Promise<void> {
    await this.manager.query(
      `INSERT INTO router_tickets (ticket_id, status, team_id, route_team_id, assignee_id, state)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (ticket_id) DO UPDATE SET status = $2, team_id = $3, route_team_id = $4,
         assignee_id = $5, state = $6`,
      [
        ticket.id,
        ticket.status,
        ticket.teamId,
        ticket.route?.teamId ?? null,
        ticket.assigneeId,
        JSON.stringify(ticket),
      ],
    );
  }

  /** Waiting tickets of the team's queue (and teamless ones routed to it), by id. */
  async waitingFor(teamId: string): Promise<RouterTicket[]> {
    const rows = await this.manager.query<StateRow<RouterTicket>[]>(
      `SELECT state FROM router_tickets
        WHERE COALESCE(team_id, route_team_id) = $1
          AND assignee_id IS NULL AND status IN ('new', 'open')
        ORDER BY ticket_id`,
      [teamId],
    );
    return rows.map((row) => row.state);
  }

  /** Unfinished tickets assigned to any of these agents. */
  async assignedTo(agentIds: readonly string[]): Promise<RouterTicket[]> {
    if (agentIds.length === 0) return [];
    const rows = await this.manager.query<StateRow<RouterTicket>[]>(
      `SELECT state FROM router_tickets
        WHERE assignee_id = ANY($1) AND status NOT IN ('solved', 'closed')
        ORDER BY ticket_id`,
      [agentIds],
    );
    return rows.map((row) => row.state);
  }

  async agent(agentId: string): Promise<RouterAgent | null> {
    const rows = await this.manager.query<{ state: Agent; last_assigned_at: string | null }[]>(
      'SELECT state, last_assigned_at FROM router_agents WHERE agent_id = $1',
      [agentId],
    );
    const row = rows[0];
    return row ? { agent: row.state, lastAssignedAt: row.last_assigned_at } : null;
  }

  async members(teamId: string): Promise<RouterAgent[]> {
    const rows = await this.manager.query<{ state: Agent; last_assigned_at: string | null }[]>(
      `SELECT state, last_assigned_at FROM router_agents
        WHERE state -> 'teamIds' ? $1 ORDER BY agent_id`,
      [teamId],
    );
    return rows.map((row) => ({ agent: row.state, lastAssignedAt: row.last_assigned_at }));
  }

  async saveAgent(agent: Agent): Promise<void> {
    await this.manager.query(
      `INSERT INTO router_agents (agent_id, state) VALUES ($1, $2)
       ON CONFLICT (agent_id) DO UPDATE SET state = $2`,
      [agent.id, JSON.stringify(agent)],
    );
  }

  async markAssigned(agentId: string, at: string): Promise<void> {
    await this.manager.query('UPDATE router_agents SET last_assigned_at = $2 WHERE agent_id = $1', [
      agentId,
      at,
    ]);
  }

  async team(teamId: string): Promise<RouterTeam | null> {
    const rows = await this.manager.query<{ state: Team; round_robin_pointer: string | null }[]>(
      'SELECT state, round_robin_pointer FROM router_teams WHERE team_id = $1',
      [teamId],
    );
    const row = rows[0];
    return row ? { team: row.state, roundRobinPointer: row.round_robin_pointer } : null;
  }

  /** Every team (a handful of rows): the settings that decide what counts as load. */
  async teams(): Promise<Map<string, Team>> {
    const rows = await this.manager.query<StateRow<Team>[]>('SELECT state FROM router_teams');
    return new Map(rows.map((row) => [row.state.id, row.state]));
  }

  async saveTeam(team: Team): Promise<void> {
    await this.manager.query(
      `INSERT INTO router_teams (team_id, state) VALUES ($1, $2)
       ON CONFLICT (team_id) DO UPDATE SET state = $2`,
      [team.id, JSON.stringify(team)],
    );
  }

  async setRoundRobinPointer(teamId: string, agentId: string): Promise<void> {
    await this.manager.query(
      'UPDATE router_teams SET round_robin_pointer = $2 WHERE team_id = $1',
      [teamId, agentId],
    );
  }

  async rules(): Promise<RoutingRuleSet | null> {
    const rows = await this.manager.query<{ rule_set: RoutingRuleSet }[]>(
      'SELECT rule_set FROM router_rules WHERE id = 1',
    );
    return rows[0]?.rule_set ?? null;
  }

  async saveRules(ruleSet: RoutingRuleSet): Promise<void> {
    await this.manager.query(
      `INSERT INTO router_rules (id, rule_set) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET rule_set = $1`,
      [JSON.stringify(ruleSet)],
    );
  }
}
