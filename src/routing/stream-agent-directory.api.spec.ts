import { createTestApp, type TestApp } from '../../test/support/test-app';
import {
  createAgent,
  createTeam,
  deactivateAgent,
  deactivateTeam,
  patchAgent,
} from '../../test/support/directory-fixtures';
import { AGENT_DIRECTORY, type AgentDirectory } from './agent-directory.port';

/** The AGENT_DIRECTORY port as the tickets feature gets it from the running app. */
describe('AGENT_DIRECTORY', () => {
  let testApp: TestApp;
  let directory: AgentDirectory;

  beforeAll(async () => {
    testApp = await createTestApp();
    directory = testApp.app.get<AgentDirectory>(AGENT_DIRECTORY);
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('answers active with the teams right after the agent is created (no projection wait)', async () => {
    const t1 = await createTeam(testApp);
    const t2 = await createTeam(testApp);
    const { agentId } = await createAgent(testApp, { teams: [t2, t1] });
    expect(await directory.agent(agentId)).toEqual({
      id: agentId,
      status: 'active',
      teamIds: [t1, t2].sort(),
    });
  });

  it('follows membership changes at once', async () => {
    const t1 = await createTeam(testApp);
    const t2 = await createTeam(testApp);
    const { agentId } = await createAgent(testApp, { teams: [t1] });
    await patchAgent(testApp, agentId, { teams: [t2] });
    expect((await directory.agent(agentId)).teamIds).toEqual([t2]);
  });

  it('answers deactivated for a deactivated agent (keeping its teams) and active once reactivated', async () => {
    const t1 = await createTeam(testApp);
    const { agentId } = await createAgent(testApp, { teams: [t1] });
    await deactivateAgent(testApp, agentId);
    expect(await directory.agent(agentId)).toEqual({
      id: agentId,
      status: 'deactivated',
      teamIds: [t1],
    });
    await patchAgent(testApp, agentId, { active: true });
    expect((await directory.agent(agentId)).status).toBe('active');
  });

  it('answers unknown for an agent that does not exist or an id that cannot be one', async () => {
    expect(await directory.agent('no-such-agent')).toEqual({
      id: 'no-such-agent',
      status: 'unknown',
      teamIds: [],
    });
    expect((await directory.agent('not an id!')).status).toBe('unknown');
  });

  it('answers active, deactivated and unknown for teams', async () => {
    const active = await createTeam(testApp);
    const closed = await createTeam(testApp);
    await deactivateTeam(testApp, closed);
    expect(await directory.team(active)).toEqual({ id: active, status: 'active' });
    expect(await directory.team(closed)).toEqual({ id: closed, status: 'deactivated' });
    expect(await directory.team('nope')).toEqual({ id: 'nope', status: 'unknown' });
  });

  it('does not mistake an agent id for a team or the reverse', async () => {
    const teamId = await createTeam(testApp);
    const { agentId } = await createAgent(testApp);
    expect((await directory.team(agentId)).status).toBe('unknown');
    expect((await directory.agent(teamId)).status).toBe('unknown');
  });
});
