import request from 'supertest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import { bearer, createApiKey } from '../../../../test/support/directory-fixtures';
import { breached, completed, started } from '../testing/sla-events';
import { SlaReportsFixture } from '../testing/sla-reports-fixture';

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

interface Breach {
  ticketId: string;
  cycleId: string;
  target: string;
  dueAt: string;
  breachedAt: string;
  endedAt: string | null;
  ongoing: boolean;
  overdueSeconds: number;
  teamId: string | null;
  assigneeId: string | null;
  priority: string | null;
  channel: string | null;
}

interface Page {
  items: Breach[];
  next: string | null;
}

describe('GET /sla/breaches', () => {
  let testApp: TestApp;
  let fixture: SlaReportsFixture;
  const t: Record<'a' | 'b' | 'c' | 'd' | 'e', string> = { a: '', b: '', c: '', d: '', e: '' };

  /**
   * Given (now = minute 180):
   * - a: first response due at 60, breach recorded (team-a/agent-1/high), answered at 90;
   * - b: resolution due at 120, breach recorded (team-b/agent-2/urgent), still open;
   * - c: first response due at 30, answered at 45 before any breach was recorded (team-a/agent-3);
   * - d: first response answered in time (not a breach);
   * - e: next response due at 150, breach recorded (team-b, nobody assigned, low), still open.
   */
  beforeAll(async () => {
    testApp = await createTestApp();
    fixture = new SlaReportsFixture(testApp);
    t.a = await fixture.ticket({
      at: at(0),
      channel: 'chat',
      priority: 'high',
      teamId: 'team-a',
      agentId: 'agent-1',
    });
    t.b = await fixture.ticket({
      at: at(0),
      priority: 'urgent',
      teamId: 'team-b',
      agentId: 'agent-2',
    });
    t.c = await fixture.ticket({ at: at(0), teamId: 'team-a', agentId: 'agent-3' });
    t.d = await fixture.ticket({ at: at(0), teamId: 'team-a', agentId: 'agent-1' });
    t.e = await fixture.ticket({ at: at(0), channel: 'web', priority: 'low', teamId: 'team-b' });

    await fixture.sla(t.a, at(0), [started(t.a, 'firstResponse-1', at(0), at(60))], 'active');
    await fixture.sla(t.b, at(0), [started(t.b, 'resolution-1', at(0), at(120))], 'active');
    await fixture.sla(t.c, at(0), [started(t.c, 'firstResponse-1', at(0), at(30))], 'active');
    await fixture.sla(t.d, at(0), [started(t.d, 'firstResponse-1', at(0), at(60))], 'active');
    await fixture.sla(t.e, at(0), [started(t.e, 'nextResponse-1', at(0), at(150))], 'active');
    await fixture.sla(
      t.c,
      at(45),
      [completed(t.c, 'firstResponse-1', at(0), at(30), at(45))],
      'breached',
    );
    await fixture.sla(
      t.d,
      at(10),
      [completed(t.d, 'firstResponse-1', at(0), at(60), at(10))],
      'achieved',
    );
    const holderA = { teamId: 'team-a', assigneeId: 'agent-1', priority: 'high' } as const;
    await fixture.sla(t.a, at(60), [breached(t.a, 'firstResponse-1', at(60), holderA)], 'breached');
    // Reassigned after the breach: the breach stays with who held it at the due time.
    testApp.clock.set(at(70));
    await fixture.driver.assign(t.a, { teamId: 'team-c', agentId: 'agent-9' });
    await fixture.sla(
      t.a,
      at(90),
      [completed(t.a, 'firstResponse-1', at(0), at(60), at(90))],
      'breached',
    );
    const holderB = { teamId: 'team-b', assigneeId: 'agent-2', priority: 'urgent' } as const;
    await fixture.sla(t.b, at(120), [breached(t.b, 'resolution-1', at(120), holderB)], 'breached');
    const holderE = { teamId: 'team-b', assigneeId: null, priority: 'low' } as const;
    await fixture.sla(
      t.e,
      at(150),
      [breached(t.e, 'nextResponse-1', at(150), holderE)],
      'breached',
    );
    testApp.clock.set(at(180));
    await fixture.waitForCycles();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const get = (query: string, key = testApp.adminKey) =>
    request(testApp.app.getHttpServer()).get(`/sla/breaches${query}`).set(bearer(key));

  const tickets = (body: unknown): string[] =>
    (body as Page).items.map((item) => `${item.ticketId}/${item.cycleId}`);

  it('lists every breach newest first, with by how much and who held the ticket', async () => {
    const response = await get('');

    expect(response.status).toBe(200);
    expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
    const body = response.body as Page;
    expect(body.next).toBeNull();
    expect(body.items).toEqual([
      expect.objectContaining({
        ticketId: t.e,
        cycleId: 'nextResponse-1',
        target: 'nextResponse',
        dueAt: at(150),
        breachedAt: at(150),
        endedAt: null,
        ongoing: true,
        overdueSeconds: 30 * 60,
        teamId: 'team-b',
        assigneeId: null,
        priority: 'low',
        channel: 'web',
      }),
      expect.objectContaining({
        ticketId: t.b,
        target: 'resolution',
        ongoing: true,
        overdueSeconds: 60 * 60,
        teamId: 'team-b',
        assigneeId: 'agent-2',
        priority: 'urgent',
      }),
      expect.objectContaining({
        ticketId: t.a,
        target: 'firstResponse',
        dueAt: at(60),
        breachedAt: at(60),
        endedAt: at(90),
        ongoing: false,
        overdueSeconds: 30 * 60,
        teamId: 'team-a',
        assigneeId: 'agent-1',
        priority: 'high',
        channel: 'chat',
      }),
      expect.objectContaining({
        ticketId: t.c,
        breachedAt: at(30),
        endedAt: at(45),
        ongoing: false,
        overdueSeconds: 15 * 60,
        teamId: 'team-a',
        assigneeId: 'agent-3',
        priority: 'normal',
        channel: 'email',
      }),
    ]);
  });

  it('measures an ongoing breach to the current time', async () => {
    testApp.clock.set(at(240));
    const body = (await get(`?teamId=team-b&target=resolution`)).body as Page;
    testApp.clock.set(at(180));
    expect(body.items.map((item) => item.overdueSeconds)).toEqual([120 * 60]);
  });

  it('filters by period (on the breach instant), team, agent, priority and target', async () => {
    const from = encodeURIComponent(at(60));
    const to = encodeURIComponent(at(121));
    expect(tickets((await get(`?from=${from}&to=${to}`)).body)).toEqual([
      `${t.b}/resolution-1`,
      `${t.a}/firstResponse-1`,
    ]);
    expect(tickets((await get('?teamId=team-a')).body)).toEqual([
      `${t.a}/firstResponse-1`,
      `${t.c}/firstResponse-1`,
    ]);
    expect(tickets((await get('?agentId=agent-2')).body)).toEqual([`${t.b}/resolution-1`]);
    expect(tickets((await get('?priority=urgent')).body)).toEqual([`${t.b}/resolution-1`]);
    expect(
      tickets((await get('?target=firstResponse&teamId=team-a&agentId=agent-3')).body),
    ).toEqual([`${t.c}/firstResponse-1`]);
    expect(tickets((await get('?teamId=team-c')).body)).toEqual([]);
  });

  it('pages by keyset, each breach exactly once, the filters kept in next', async () => {
    const seen: string[] = [];
    let next: string | null = '/sla/breaches?limit=1';
    let pages = 0;
    while (next !== null) {
      const response = await get(next.slice('/sla/breaches'.length));
      expect(response.status).toBe(200);
      const page = response.body as Page;
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...tickets(page));
      next = page.next;
      pages += 1;
      expect(pages).toBeLessThan(10);
    }
    expect(seen).toEqual(tickets((await get('')).body));
    expect(seen).toHaveLength(4);

    const filtered = (await get('?teamId=team-a&limit=1')).body as Page;
    expect(filtered.next).toContain('teamId=team-a');
    const second = (await get((filtered.next ?? '').slice('/sla/breaches'.length))).body as Page;
    expect(tickets(second)).toEqual([`${t.c}/firstResponse-1`]);
    expect(second.next).toBeNull();
  });

  it('rejects bad parameters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['?from=yesterday', 'from'],
      [`?from=${encodeURIComponent(at(60))}&to=${encodeURIComponent(at(30))}`, 'to'],
      ['?to=2026-13-45T00:00:00Z', 'to'],
      ['?limit=201', 'limit'],
      ['?limit=0', 'limit'],
      ['?priority=critical', 'priority'],
      ['?target=firstReply', 'target'],
      ['?teamId=%20bad', 'teamId'],
      ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['?colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const response = await get(query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect((response.body as { errors: { field: string }[] }).errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    }
  });

  it('is for admins, supervisors and auditors only', async () => {
    const agent = await createApiKey(testApp, 'agent', 'agent-1');
    const integrator = await createApiKey(testApp, 'integrator', 'int-1');
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
    const supervisor = await createApiKey(testApp, 'supervisor', 'sup-1');
    expect((await get('', agent)).status).toBe(403);
    expect((await get('', integrator)).status).toBe(403);
    expect((await get('', auditor)).status).toBe(200);
    expect((await get('', supervisor)).status).toBe(200);
    expect((await request(testApp.app.getHttpServer()).get('/sla/breaches')).status).toBe(401);
  });
});
