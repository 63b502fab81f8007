/**
 * The durable router in the whole app: rules → team, strategy → agent, capacity, triggers (open,
 * agent online, capacity freed by solve/pend, offline requeue), all observed as events on the
 * ticket streams.
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  bearer,
  createAgent,
  createTeam,
  setAvailability,
} from '../../../test/support/directory-fixtures';
import {
  assignmentsOf,
  defineRules,
  openTicket,
  solve,
  ticketCommand,
  ticketState,
  waitForRouter,
} from './testing/router-harness';

describe('router (API)', () => {
  let testApp: TestApp;

  beforeEach(async () => {
    testApp = await createTestApp();
    testApp.clock.set('2026-03-02T09:00:00.000Z');
  });

  afterEach(async () => {
    await testApp.close();
  });

  async function patchTeam(teamId: string, body: Record<string, unknown>): Promise<void> {
    const response = await request(testApp.app.getHttpServer())
      .patch(`/teams/${teamId}`)
      .set(bearer(testApp.adminKey))
      .send(body);
    expect(response.status).toBe(200);
  }

  it('routes an opened ticket by rule to a qualified online agent and records why', async () => {
    // Given a billing team with a mandarin speaker and an English-only agent, and a rule
    const general = await createTeam(testApp, { name: 'General' });
    const billing = await createTeam(testApp, { name: 'Billing' });
    await createAgent(testApp, {
      teams: [billing],
      languages: ['en'],
      skills: [{ skill: 'billing', level: 3 }],
      availability: 'online',
    });
    const mandarin = await createAgent(testApp, {
      teams: [billing],
      languages: ['zh'],
      skills: [{ skill: 'billing', level: 4 }],
      availability: 'online',
    });
    await defineRules(
      testApp,
      [
        {
          id: 'billing-rule',
          when: { tags: ['billing'] },
          teamId: billing,
          requiredSkills: [{ skill: 'billing', minLevel: 2 }],
        },
      ],
      general,
    );
    // When a Mandarin billing ticket is opened
    const ticketId = await openTicket(testApp, { tags: ['billing'], language: 'zh' });
    await waitForRouter(testApp);
    // Then the Mandarin speaker has it, assigned by the router with the rule and strategy
    const [assigned, ...more] = await assignmentsOf(testApp, ticketId);
    expect(more).toEqual([]);
    expect(assigned?.data).toMatchObject({
      agentId: mandarin.agentId,
      teamId: billing,
      routing: {
        ruleId: 'billing-rule',
        teamId: billing,
        strategy: 'least_loaded',
        reason: 'ticket_opened',
      },
    });
    expect(assigned?.metadata.actor).toEqual({ type: 'system', id: 'router' });
    expect(assigned?.metadata.schemaVersion).toBe(2);
  });

  it('never exceeds capacity: the overflow waits in the team queue and drains on solve', async () => {
    // Given one online agent with capacity 1
    const team = await createTeam(testApp, { name: 'Support' });
    const agent = await createAgent(testApp, {
      teams: [team],
      capacity: { max: 1 },
      availability: 'online',
    });
    await defineRules(testApp, [], team);
    // When two tickets arrive, the older first
    const first = await openTicket(testApp);
    testApp.clock.set('2026-03-02T09:01:00.000Z');
    const second = await openTicket(testApp);
    await waitForRouter(testApp);
    // Then the first goes to the agent, the second waits in the team queue, unassigned
    expect((await ticketState(testApp, first)).assigneeId).toBe(agent.agentId);
    const waiting = await ticketState(testApp, second);
    expect([waiting.assigneeId, waiting.teamId]).toEqual([null, team]);
    // When the agent solves the first, the second is theirs
    await solve(testApp, first);
    await waitForRouter(testApp);
    const assignments = await assignmentsOf(testApp, second);
    expect(assignments.at(-1)?.data).toMatchObject({
      agentId: agent.agentId,
      routing: { reason: 'capacity_freed', ruleId: 'default' },
    });
  });

  it('assigns waiting tickets when an agent comes online, urgent first', async () => {
    const team = await createTeam(testApp, { name: 'Support' });
    const agent = await createAgent(testApp, { teams: [team], capacity: { max: 1 } });
    await defineRules(testApp, [], team);
    const normal = await openTicket(testApp);
    testApp.clock.set('2026-03-02T09:05:00.000Z');
    const urgent = await openTicket(testApp, { priority: 'urgent' });
    await waitForRouter(testApp);
    expect((await ticketState(testApp, normal)).assigneeId).toBeNull();

    await setAvailability(testApp, agent.agentId, 'online');
    await waitForRouter(testApp);

    expect((await ticketState(testApp, urgent)).assigneeId).toBe(agent.agentId);
    expect((await ticketState(testApp, normal)).assigneeId).toBeNull();
    expect((await assignmentsOf(testApp, urgent)).at(-1)?.data).toMatchObject({
      routing: { reason: 'agent_online' },
    });
  });

  it('counts a manual assignment as load', async () => {
    const team = await createTeam(testApp, { name: 'Support' });
    const agent = await createAgent(testApp, { teams: [team], capacity: { max: 1 } });
    await defineRules(testApp, [], team);
    const ticket = await openTicket(testApp);
    await waitForRouter(testApp);
    // A supervisor gives the ticket to the (offline) agent by hand
    await ticketCommand(testApp, ticket, 'assign', { agentId: agent.agentId });
    const other = await openTicket(testApp);
    await setAvailability(testApp, agent.agentId, 'online');
    await waitForRouter(testApp);
    expect((await ticketState(testApp, other)).assigneeId).toBeNull();
  });

  it('a pend frees capacity only when the team says so', async () => {
    const team = await createTeam(testApp, { name: 'Support' });
    const agent = await createAgent(testApp, {
      teams: [team],
      capacity: { max: 1 },
      availability: 'online',
    });
    await defineRules(testApp, [], team);
    const first = await openTicket(testApp);
    const second = await openTicket(testApp);
    await waitForRouter(testApp);
    await ticketCommand(testApp, first, 'pend', {});
    await waitForRouter(testApp);
    expect((await ticketState(testApp, second)).assigneeId).toBeNull();

    await patchTeam(team, { pendingFreesCapacity: true });
    await waitForRouter(testApp);
    expect((await ticketState(testApp, second)).assigneeId).toBe(agent.agentId);
  });

  it('routes an escalated ticket within the team it was escalated to, freeing the first agent', async () => {
    const tier1 = await createTeam(testApp, { name: 'Tier 1' });
    const tier2 = await createTeam(testApp, { name: 'Tier 2' });
    const first = await createAgent(testApp, {
      teams: [tier1],
      capacity: { max: 1 },
      availability: 'online',
    });
    const expert = await createAgent(testApp, { teams: [tier2], availability: 'online' });
    await defineRules(testApp, [], tier1);
    const escalated = await openTicket(testApp);
    const next = await openTicket(testApp);
    await waitForRouter(testApp);
    expect((await ticketState(testApp, escalated)).assigneeId).toBe(first.agentId);

    await ticketCommand(testApp, escalated, 'escalate', { teamId: tier2, reason: 'Needs tier 2' });
    await waitForRouter(testApp);

    expect((await assignmentsOf(testApp, escalated)).at(-1)?.data).toMatchObject({
      agentId: expert.agentId,
      teamId: tier2,
      routing: { ruleId: null, teamId: tier2, reason: 'ticket_escalated' },
    });
    // The seat the escalation freed in tier 1 goes to the ticket that was waiting there.
    expect((await ticketState(testApp, next)).assigneeId).toBe(first.agentId);
  });

  it('returns unanswered tickets to the queue when their agent goes offline, if the team says so', async () => {
    const keeps = await createTeam(testApp, { name: 'Keeps' });
    const returns = await createTeam(testApp, {
      name: 'Returns',
      requeueUnansweredOnOffline: true,
    });
    const agent = await createAgent(testApp, {
      teams: [keeps, returns],
      capacity: { max: 5 },
      availability: 'online',
    });
    await defineRules(testApp, [{ id: 'r', when: { tags: ['returns'] }, teamId: returns }], keeps);
    const kept = await openTicket(testApp);
    const answered = await openTicket(testApp, { tags: ['returns'] });
    const unanswered = await openTicket(testApp, { tags: ['returns'] });
    await waitForRouter(testApp);
    for (const id of [kept, answered, unanswered]) {
      expect((await ticketState(testApp, id)).assigneeId).toBe(agent.agentId);
    }
    await ticketCommand(testApp, answered, 'replies', { body: 'On it' }, agent.apiKey);

    await setAvailability(testApp, agent.agentId, 'offline');
    await waitForRouter(testApp);

    expect((await ticketState(testApp, kept)).assigneeId).toBe(agent.agentId);
    expect((await ticketState(testApp, answered)).assigneeId).toBe(agent.agentId);
    const back = await ticketState(testApp, unanswered);
    expect([back.assigneeId, back.teamId]).toEqual([null, returns]);
  });
});
