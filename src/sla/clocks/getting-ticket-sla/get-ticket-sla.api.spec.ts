import request from 'supertest';
import {
  bearer,
  createAgent,
  createApiKey,
  createTeam,
  type CreatedAgent,
} from '../../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import { FixedClock } from '../../../platform/time/clock';
import { waitForSlaPolicies } from '../testing/wait-for-sla-policies';
import { TicketApi } from '../../../tickets/getting-ticket-details/testing/ticket-api';

const at = (time: string): string => `2026-03-02T${time}:00.000Z`;

describe('GET /tickets/{id}/sla', () => {
  let testApp: TestApp;
  let team: string;
  let member: CreatedAgent;
  let outsider: CreatedAgent;
  let auditorKey: string;
  let integratorKey: string;
  const clock = new FixedClock(at('09:00'));
  const http = () => request(testApp.app.getHttpServer());
  const admin = () => bearer(testApp.adminKey);
  const getSla = (ticketId: string, key = testApp.adminKey) =>
    http().get(`/tickets/${ticketId}/sla`).set(bearer(key));

  const open = async (priority: string): Promise<string> =>
    (
      await new TicketApi(testApp).open({
        channel: 'web',
        subject: 'Export fails',
        description: 'Since this morning.',
        customer: { id: 'crm-1', name: 'Ada Lovelace', tier: 'standard' },
        type: 'problem',
        priority,
        tags: [],
        language: 'en',
      })
    ).id;
  const command = async (ticketId: string, route: string, body: object = {}): Promise<void> => {
    await new TicketApi(testApp).command(ticketId, route, { ...body });
  };

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock });
    team = await createTeam(testApp, { name: 'Exports' });
    member = await createAgent(testApp, { teams: [team] });
    outsider = await createAgent(testApp);
    auditorKey = await createApiKey(testApp, 'auditor', 'auditor-1');
    integratorKey = await createApiKey(testApp, 'integrator', 'mail-gateway');
    await http()
      .put('/sla/calendars/always')
      .set(admin())
      .send({ name: '24/7', timeZone: 'UTC', alwaysOpen: true })
      .expect(201);
    await http()
      .put('/sla/policies/priority')
      .set(admin())
      .send({
        name: 'High and urgent',
        position: 1,
        conditions: { priorities: ['high', 'urgent'] },
        targets: { high: { firstResponse: 'PT1H', resolution: 'PT8H' } },
        calendarId: 'always',
      })
      .expect(201);
    await waitForSlaPolicies(testApp.app, [{ id: 'priority' }]);
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('given an overdue first response and a pending ticket, then it shows each cycle with elapsed and remaining time', async () => {
    clock.set(at('10:00'));
    const ticketId = await open('high');
    await command(ticketId, 'assign', { agentId: member.agentId, teamId: team });
    clock.set(at('11:00'));
    await command(ticketId, 'pend', {});
    clock.set(at('12:00'));

    const response = await getSla(ticketId);

    expect(response.status).toBe(200);
    const body = response.body as { cycles: { breachedAt: string | null }[] };
    expect([null, at('11:00')]).toContain(body.cycles[0]?.breachedAt);
    body.cycles[0] = { ...body.cycles[0], breachedAt: 'checked' };
    expect(body).toEqual({
      ticketId,
      policy: {
        id: 'priority',
        version: 1,
        name: 'High and urgent',
        calendarId: 'always',
        calendarVersion: 1,
        priority: 'high',
        appliedAt: at('10:00'),
      },
      nextDueAt: at('11:00'),
      asOf: at('12:00'),
      cycles: [
        {
          cycleId: 'firstResponse-1',
          target: 'firstResponse',
          status: 'breached',
          policyId: 'priority',
          policyVersion: 1,
          targetSeconds: 3600,
          startedAt: at('10:00'),
          dueAt: at('11:00'),
          pausedIntervals: [],
          elapsedBusinessSeconds: 7200,
          elapsedCalendarSeconds: 7200,
          remainingBusinessSeconds: -3600,
          remainingCalendarSeconds: -3600,
          // The timers may have recorded the warnings and the breach meanwhile (or not yet).
          warningsRaised: expect.any(Array) as unknown,
          breachedAt: 'checked',
          endedAt: null,
          cancelReason: null,
        },
        {
          cycleId: 'resolution-1',
          target: 'resolution',
          status: 'paused',
          policyId: 'priority',
          policyVersion: 1,
          targetSeconds: 28800,
          startedAt: at('10:00'),
          dueAt: null,
          pausedIntervals: [{ from: at('11:00'), to: null }],
          elapsedBusinessSeconds: 3600,
          elapsedCalendarSeconds: 7200,
          remainingBusinessSeconds: 25200,
          remainingCalendarSeconds: null,
          warningsRaised: [],
          breachedAt: null,
          endedAt: null,
          cancelReason: null,
        },
      ],
    });
  });

  it('given a ticket no policy applies to, then the policy is null and there are no cycles', async () => {
    clock.set(at('10:00'));
    const ticketId = await open('low');
    const response = await getSla(ticketId);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ policy: null, nextDueAt: null, cycles: [] });
  });

  it('lets auditors and agents of the ticket’s team read it, and no one else', async () => {
    clock.set(at('10:00'));
    const ticketId = await open('high');
    await command(ticketId, 'assign', { teamId: team });

    expect((await getSla(ticketId, auditorKey)).status).toBe(200);
    expect((await getSla(ticketId, member.apiKey)).status).toBe(200);
    const denied = await getSla(ticketId, outsider.apiKey);
    expect(denied.status).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
    expect((await getSla(ticketId, integratorKey)).status).toBe(403);
  });

  it('answers 404 for an unknown ticket', async () => {
    const response = await getSla('no-such-ticket');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
