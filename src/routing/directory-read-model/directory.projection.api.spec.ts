import request from 'supertest';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '../../projections/projection-runner';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  bearer,
  createAgent,
  createTeam,
  patchAgent,
  setAvailability,
  deactivateTeam,
  waitForDirectory,
} from '../../../test/support/directory-fixtures';
import { DIRECTORY_PROJECTION_NAME } from './directory.projection';

/** A small deterministic PRNG (mulberry32) so a failing workload can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('directory read model', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function snapshot(): Promise<unknown[]> {
    const db = testApp.app.get(DataSource);
    return [
      await db.query('SELECT * FROM directory_agents ORDER BY agent_id'),
      await db.query('SELECT * FROM directory_agent_teams ORDER BY team_id, agent_id'),
      await db.query('SELECT * FROM directory_teams ORDER BY team_id'),
    ];
  }

  it('matches the streams after a random workload, and a rebuild gives the same rows', async () => {
    const seed = 20260105;
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

    const teams = [await createTeam(testApp), await createTeam(testApp)];
    const agents: string[] = [];
    for (let step = 0; step < 40; step++) {
      testApp.clock.advance(1000);
      const roll = random();
      if (roll < 0.2 || agents.length === 0) {
        const members = teams.filter(() => random() < 0.5);
        agents.push((await createAgent(testApp, { teams: members })).agentId);
      } else if (roll < 0.3) {
        teams.push(await createTeam(testApp));
      } else if (roll < 0.5) {
        await patchAgent(testApp, pick(agents), { teams: teams.filter(() => random() < 0.4) });
      } else if (roll < 0.65) {
        await patchAgent(testApp, pick(agents), {
          skills: [{ skill: pick(['billing', 'mandarin', 'returns']), level: 1 + (step % 5) }],
          capacity: { max: step % 7 },
        });
      } else if (roll < 0.8) {
        const agentId = pick(agents);
        await setAvailability(testApp, agentId, pick(['online', 'away', 'offline'] as const)).catch(
          () => undefined, // a deactivated agent refuses: part of the workload
        );
      } else if (roll < 0.9) {
        await patchAgent(testApp, pick(agents), { active: random() < 0.5 }).catch(() => undefined);
      } else if (teams.length > 2) {
        const teamId = teams.pop() as string;
        await deactivateTeam(testApp, teamId);
      }
    }
    await waitForDirectory(testApp);
    const live = await snapshot();

    // The read model agrees with the streams: each listed agent equals GET /agents/{id}, and the
    // membership table holds exactly the agents' team ids.
    const server = testApp.app.getHttpServer();
    const listed = await request(server).get('/agents?limit=100').set(bearer(testApp.adminKey));
    const items = (listed.body as { items: { id: string; teamIds: string[] }[] }).items;
    expect(items.map((item) => item.id).sort()).toEqual([...agents].sort());
    for (const item of items) {
      const single = await request(server).get(`/agents/${item.id}`).set(bearer(testApp.adminKey));
      expect(item).toEqual(single.body);
    }
    const memberships = (live[1] as { team_id: string; agent_id: string }[])
      .map((row) => `${row.agent_id}/${row.team_id}`)
      .sort();
    expect(memberships).toEqual(
      items.flatMap((item) => item.teamIds.map((teamId) => `${item.id}/${teamId}`)).sort(),
    );

    const runner = testApp.app.get(ProjectionRunner);
    await runner.requestRebuild(DIRECTORY_PROJECTION_NAME);
    expect(await runner.waitForCatchUp(20_000, [DIRECTORY_PROJECTION_NAME])).toBe(true);
    // The swap is done; the rebuilt tables replay the same log, so they must end up identical
    // (polled briefly: the log's visible head can trail a write by an in-flight transaction).
    let rebuilt = await snapshot();
    for (let tries = 0; tries < 100 && JSON.stringify(rebuilt) !== JSON.stringify(live); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rebuilt = await snapshot();
    }
    expect(rebuilt).toEqual(live);
  });
});
