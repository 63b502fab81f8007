/**
 * The router's pure decisions: given the router's state and an event, what it decides.
 */
import type { Agent } from '../agents/agent.state';
import type { RoutingRuleSet } from '../strategies/routing-rules';
import type { Team } from '../teams/team.state';
import {
  agentTriggers,
  loadsOf,
  planRequeue,
  planTeamPass,
  routeTicket,
  ticketTriggers,
  type RouterAgent,
  type RouterTeam,
  type TeamPassInput,
} from './router.decider';
import { evolveRouterTicket, type RouterTicket } from './router-ticket';

const AT = '2026-03-02T10:00:00.000Z';

function ticket(id: string, overrides: Partial<RouterTicket> = {}): RouterTicket {
  return {
    id,
    revision: '3',
    status: 'new',
    channel: 'email',
    type: 'question',
    priority: 'normal',
    customerTier: 'standard',
    language: 'en',
    tags: [],
    openedAt: '2026-03-02T09:00:00.000Z',
    nextDueAt: null,
    teamId: 'support',
    assigneeId: null,
    answered: false,
    route: null,
    ...overrides,
  };
}

function agent(id: string, overrides: Partial<Agent> = {}): RouterAgent {
  return {
    agent: {
      exists: true,
      id,
      name: id,
      email: `${id}@example.test`,
      languages: ['en'],
      skills: [],
      teamIds: ['support'],
      capacity: { max: 2, perChannel: {} },
      supportLevel: 1,
      active: true,
      availability: 'online',
      registeredAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-01T00:00:00.000Z',
      ...overrides,
    },
    lastAssignedAt: null,
  };
}

function team(overrides: Partial<Team> = {}): RouterTeam {
  return {
    team: {
      exists: true,
      id: 'support',
      name: 'Support',
      strategy: 'least_loaded',
      defaultSkills: [],
      escalationTeamId: null,
      requeueUnansweredOnOffline: false,
      pendingFreesCapacity: false,
      active: true,
      createdAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-01T00:00:00.000Z',
      ...overrides,
    },
    roundRobinPointer: null,
  };
}

function pass(overrides: Partial<TeamPassInput>) {
  return planTeamPass({
    team: team(),
    tickets: [],
    agents: [],
    loads: new Map(),
    at: AT,
    reason: 'ticket_opened',
    ...overrides,
  });
}

const never = (): boolean => false;
const always = (): boolean => true;

describe('router decider', () => {
  describe('triggers from ticket events', () => {
    it('an opened ticket is routed', () => {
      const opened = ticket('t1', { teamId: null });
      expect(ticketTriggers('TicketOpened', null, opened, never)).toEqual([
        { kind: 'route_ticket', ticketId: 't1', reason: 'ticket_opened' },
      ]);
    });

    it('an unassigned or reopened ticket without an agent is routed again', () => {
      const before = ticket('t1', { status: 'open', assigneeId: 'a1' });
      const after = ticket('t1', { status: 'open', assigneeId: null });
      expect(ticketTriggers('TicketUnassigned', before, after, never)).toEqual([
        { kind: 'route_ticket', ticketId: 't1', reason: 'ticket_unassigned' },
        { kind: 'agent_free', agentId: 'a1', reason: 'capacity_freed' },
      ]);
      const solved = ticket('t2', { status: 'solved' });
      expect(
        ticketTriggers('TicketReopened', solved, ticket('t2', { status: 'open' }), never),
      ).toEqual([{ kind: 'route_ticket', ticketId: 't2', reason: 'ticket_reopened' }]);
    });

    it('a solve frees its agent; a reply on an assigned ticket does nothing', () => {
      const before = ticket('t1', { status: 'open', assigneeId: 'a1' });
      expect(
        ticketTriggers('TicketSolved', before, { ...before, status: 'solved' }, never),
      ).toEqual([{ kind: 'agent_free', agentId: 'a1', reason: 'capacity_freed' }]);
      expect(ticketTriggers('TicketReplied', before, { ...before, answered: true }, never)).toEqual(
        [],
      );
    });

    it('reassigning away frees the previous agent', () => {
      const before = ticket('t1', { status: 'open', assigneeId: 'a1' });
      const after = { ...before, assigneeId: 'a2' };
      expect(ticketTriggers('TicketAssigned', before, after, never)).toEqual([
        { kind: 'agent_free', agentId: 'a1', reason: 'capacity_freed' },
      ]);
    });

    it('a pend frees capacity only when the team says so', () => {
      const before = ticket('t1', { status: 'open', assigneeId: 'a1' });
      const pending = { ...before, status: 'pending' as const };
      expect(ticketTriggers('TicketMarkedPending', before, pending, never)).toEqual([]);
      expect(ticketTriggers('TicketMarkedPending', before, pending, always)).toEqual([
        { kind: 'agent_free', agentId: 'a1', reason: 'capacity_freed' },
      ]);
    });
  });

  describe('triggers from agent events', () => {
    it('online serves the queues, offline may requeue, away does nothing', () => {
      expect(agentTriggers('AgentAvailabilityChanged', 'a1', { availability: 'online' })).toEqual([
        { kind: 'agent_free', agentId: 'a1', reason: 'agent_online' },
      ]);
      expect(agentTriggers('AgentAvailabilityChanged', 'a1', { availability: 'offline' })).toEqual([
        { kind: 'agent_offline', agentId: 'a1' },
      ]);
      expect(agentTriggers('AgentAvailabilityChanged', 'a1', { availability: 'away' })).toEqual([]);
    });
  });

  describe('where a ticket goes', () => {
    const rules: RoutingRuleSet = {
      rules: [
        {
          id: 'vip',
          when: { customerTiers: ['vip'] },
          teamId: 'vip-desk',
          requiredSkills: [{ skill: 'care', minLevel: 3 }],
        },
      ],
      defaultRoute: { teamId: 'support', requiredSkills: [] },
    };

    it('a ticket without a team follows the first matching rule, else the default route', () => {
      expect(routeTicket(rules, ticket('t1', { teamId: null, customerTier: 'vip' }))).toEqual({
        teamId: 'vip-desk',
        ruleId: 'vip',
        requiredSkills: [{ skill: 'care', minLevel: 3 }],
      });
      expect(routeTicket(rules, ticket('t2', { teamId: null }))).toEqual({
        teamId: 'support',
        ruleId: 'default',
        requiredSkills: [],
      });
    });

    it("a ticket already in a team's queue stays there; a rule for another team does not apply", () => {
      expect(routeTicket(rules, ticket('t1', { teamId: 'billing', customerTier: 'vip' }))).toEqual({
        teamId: 'billing',
        ruleId: null,
        requiredSkills: [],
      });
    });

    it('without rules a teamless ticket waits', () => {
      expect(routeTicket(null, ticket('t1', { teamId: null }))).toBeNull();
    });
  });

  describe('one pass over a team queue', () => {
    it('counts current load and never gives an agent more than their capacity', () => {
      const assigned = [ticket('old', { status: 'open', assigneeId: 'a1' })];
      const result = pass({
        tickets: [ticket('t1'), ticket('t2'), ticket('t3')],
        agents: [agent('a1'), agent('a2')],
        loads: loadsOf(assigned, never),
      });
      // a1 has 1 of 2, a2 0 of 2: three seats left for three tickets; a2 first (least loaded).
      expect(result.decisions.map((d) => [d.ticketId, d.agentId])).toEqual([
        ['t1', 'a2'],
        ['t2', 'a1'],
        ['t3', 'a2'],
      ]);
      const full = pass({
        tickets: [ticket('t4')],
        agents: [agent('a1', { capacity: { max: 1, perChannel: {} } })],
        loads: loadsOf(assigned, never),
      });
      expect(full.decisions).toEqual([]);
    });

    it('records the expected revision and the routing decision', () => {
      const routed = ticket('t1', {
        revision: '7',
        route: { teamId: 'support', ruleId: 'rule-1', requiredSkills: [] },
      });
      expect(pass({ tickets: [routed], agents: [agent('a1')] }).decisions).toEqual([
        {
          ticketId: 't1',
          agentId: 'a1',
          teamId: 'support',
          expectedRevision: 7n,
          routing: {
            ruleId: 'rule-1',
            teamId: 'support',
            strategy: 'least_loaded',
            reason: 'ticket_opened',
          },
        },
      ]);
    });

    it('a teamless ticket nobody can take is put in the team queue', () => {
      const teamless = ticket('t1', {
        teamId: null,
        route: { teamId: 'support', ruleId: 'default', requiredSkills: [] },
      });
      const result = pass({ tickets: [teamless], agents: [agent('a1', { availability: 'away' })] });
      expect(result.decisions.map((d) => [d.ticketId, d.agentId, d.teamId])).toEqual([
        ['t1', null, 'support'],
      ]);
    });

    it('skills and language decide who qualifies', () => {
      const result = pass({
        tickets: [
          ticket('t1', {
            language: 'zh',
            route: {
              teamId: 'support',
              ruleId: 'r',
              requiredSkills: [{ skill: 'billing', minLevel: 3 }],
            },
          }),
        ],
        agents: [
          agent('a1', { skills: [{ skill: 'billing', level: 5 }] }),
          agent('a2', { languages: ['zh'], skills: [{ skill: 'billing', level: 2 }] }),
          agent('a3', { languages: ['zh'], skills: [{ skill: 'billing', level: 3 }] }),
        ],
      });
      expect(result.decisions.map((d) => d.agentId)).toEqual(['a3']);
    });

    it('a deactivated team assigns nothing; assigned or pending tickets are not offered', () => {
      expect(
        pass({ team: team({ active: false }), tickets: [ticket('t1')], agents: [agent('a1')] }),
      ).toEqual({ decisions: [], roundRobinPointer: null });
      const result = pass({
        tickets: [ticket('t1', { status: 'pending' }), ticket('t2', { assigneeId: 'a9' })],
        agents: [agent('a1')],
      });
      expect(result.decisions).toEqual([]);
    });
  });

  describe('load', () => {
    it('counts unfinished assigned tickets per agent and channel; pending per team setting', () => {
      const tickets = [
        ticket('t1', { status: 'open', assigneeId: 'a1', channel: 'chat' }),
        ticket('t2', { status: 'pending', assigneeId: 'a1' }),
        ticket('t3', { status: 'solved', assigneeId: 'a1' }),
      ];
      expect(loadsOf(tickets, never).get('a1')).toEqual({
        total: 2,
        byChannel: { chat: 1, email: 1 },
      });
      expect(loadsOf(tickets, always).get('a1')).toEqual({ total: 1, byChannel: { chat: 1 } });
    });
  });

  describe('requeue on offline', () => {
    it("hands back the agent's open, unanswered tickets of teams that say so", () => {
      const tickets = [
        ticket('unanswered', { status: 'open', assigneeId: 'a1' }),
        ticket('answered', { status: 'open', assigneeId: 'a1', answered: true }),
        ticket('pending', { status: 'pending', assigneeId: 'a1' }),
        ticket('other-team', { status: 'open', assigneeId: 'a1', teamId: 'keeps' }),
      ];
      const requeued = planRequeue('a1', tickets, (teamId) => teamId === 'support');
      expect(requeued.map((t) => t.id)).toEqual(['unanswered']);
    });
  });

  describe("the router's ticket", () => {
    const opened = evolveRouterTicket(null, {
      type: 'TicketOpened',
      revision: 0n,
      data: {
        ticketId: 't1',
        channel: 'chat',
        subject: 's',
        description: 'd',
        customer: { id: 'c', name: 'C', email: null, phone: null, tier: 'vip' },
        type: 'incident',
        priority: 'high',
        tags: ['x'],
        language: 'de',
        receivedAt: AT,
        openedAt: AT,
        followUpOf: null,
      },
    });

    it('folds the facts routing needs, the SLA due time and the assignment', () => {
      const due = evolveRouterTicket(opened, {
        type: 'SlaCycleStarted',
        revision: 2n,
        data: { nextDueAt: '2026-03-02T11:00:00.000Z' },
      });
      const assigned = evolveRouterTicket(due, {
        type: 'TicketAssigned',
        revision: 3n,
        data: { agentId: 'a1', teamId: 'support', previousAgentId: null, previousTeamId: null },
      });
      expect(assigned).toMatchObject({
        revision: '3',
        status: 'open',
        customerTier: 'vip',
        nextDueAt: '2026-03-02T11:00:00.000Z',
        assigneeId: 'a1',
        teamId: 'support',
      });
    });

    it('an escalation raises the support level and a tier change the tier', () => {
      expect(opened).toMatchObject({ level: 1 });
      const escalated = evolveRouterTicket(opened, {
        type: 'TicketEscalated',
        revision: 1n,
        data: {
          fromLevel: 1,
          toLevel: 2,
          fromTeamId: null,
          toTeamId: 'tier-2',
          unassignedAgentId: null,
        },
      });
      const demoted = evolveRouterTicket(escalated, {
        type: 'TicketCustomerTierChanged',
        revision: 2n,
        data: { tier: 'standard', previousTier: 'vip' },
      });
      expect(demoted).toMatchObject({ level: 2, teamId: 'tier-2', customerTier: 'standard' });
    });

    it('ignores an event it has already folded (re-delivery after a catch-up read)', () => {
      const assigned = evolveRouterTicket(opened, {
        type: 'TicketAssigned',
        revision: 3n,
        data: { agentId: 'a1', teamId: 'support' },
      });
      const again = evolveRouterTicket(assigned, {
        type: 'TicketUnassigned',
        revision: 3n,
        data: { agentId: null, teamId: null },
      });
      expect(again).toBe(assigned);
    });
  });
});
