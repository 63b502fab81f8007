/**
 * Agents, teams and API keys for API tests, created through the HTTP API of the whole app (the
 * same routes a client uses), so the events and read models are the real ones.
 *
 *   const teamId = await createTeam(testApp, { name: 'Billing' });
 *   const { agentId, apiKey } = await createAgent(testApp, { teams: [teamId], availability: 'online' });
 *   await request(testApp.app.getHttpServer()).get('/tickets').set(bearer(apiKey));
 *
 * The agent's directory entry (AGENT_DIRECTORY.agent(id)) is current as soon as createAgent
 * returns: the directory folds the agent's stream. The list endpoints (GET /agents, GET /teams)
 * read a projection: call waitForDirectory before listing right after a write.
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { DIRECTORY_PROJECTION_NAME } from '../../src/routing/directory-read-model/directory.projection';
import type { TestApp } from './test-app';

export type AgentAvailability = 'online' | 'away' | 'offline';
export type AssignmentStrategy = 'least_loaded' | 'round_robin';
export type FixtureRole = 'admin' | 'supervisor' | 'agent' | 'integrator' | 'auditor';

export interface FixtureSkill {
  readonly skill: string;
  /** 1–5. */
  readonly level: number;
}

export interface FixtureCapacity {
  /** Maximum concurrently open assigned tickets. */
  readonly max: number;
  /** Optional tighter caps per channel, e.g. `{ chat: 2 }`. */
  readonly perChannel?: Readonly<Record<string, number>>;
}

export interface CreateAgentInput {
  readonly name?: string;
  readonly email?: string;
  readonly teams?: readonly string[];
  readonly skills?: readonly FixtureSkill[];
  readonly languages?: readonly string[];
  readonly capacity?: FixtureCapacity;
  /** 1–3, default 1. */
  readonly supportLevel?: number;
  /** Set after registration (agents register `offline`). */
  readonly availability?: AgentAvailability;
  /** Deactivate the agent right after creating it (and its key). */
  readonly deactivated?: boolean;
}

export interface CreatedAgent {
  readonly agentId: string;
  /** A fresh API key with role `agent` whose principal is this agent. */
  readonly apiKey: string;
}

export interface CreateTeamInput {
  readonly name?: string;
  readonly strategy?: AssignmentStrategy;
  readonly defaultSkills?: readonly FixtureSkill[];
  readonly escalationTeamId?: string | null;
  readonly requeueUnansweredOnOffline?: boolean;
  readonly deactivated?: boolean;
}

/**
 * The newest revision of every agent/team stream these helpers wrote, per test app, so
 * waitForDirectory can wait for the read model to reflect exactly those writes.
 */
interface Written {
  readonly agents: Map<string, bigint>;
  readonly teams: Map<string, bigint>;
}
const written = new WeakMap<TestApp, Written>();

function writtenBy(testApp: TestApp): Written {
  let entry = written.get(testApp);
  if (!entry) {
    entry = { agents: new Map(), teams: new Map() };
    written.set(testApp, entry);
  }
  return entry;
}

function remember(
  testApp: TestApp,
  kind: 'agents' | 'teams',
  id: string,
  response: request.Response,
): void {
  const revision = (response.body as { revision?: string }).revision;
  if (revision === undefined) return;
  const map = writtenBy(testApp)[kind];
  const known = map.get(id);
  if (known === undefined || BigInt(revision) > known) map.set(id, BigInt(revision));
}

let sequence = 0;
function nextNumber(): number {
  sequence += 1;
  return sequence;
}

/** `{ Authorization: 'Bearer <key>' }` for supertest's `.set(...)`. */
export function bearer(apiKey: string): Record<string, string> {
  return { Authorization: `Bearer ${apiKey}` };
}

function expectStatus(response: request.Response, status: number, what: string): void {
  if (response.status !== status) {
    throw new Error(
      `${what}: expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
}

/** Creates an API key through POST /admin/api-keys (with the test admin key); returns the key. */
export async function createApiKey(
  testApp: TestApp,
  role: FixtureRole,
  principalId: string,
): Promise<string> {
  const response = await request(testApp.app.getHttpServer())
    .post('/admin/api-keys')
    .set(bearer(testApp.adminKey))
    .send({ role, principalId, name: `${role} ${principalId}`.slice(0, 100) });
  expectStatus(response, 201, `creating a ${role} API key for ${principalId}`);
  return (response.body as { key: string }).key;
}

/** Registers an agent through POST /agents (admin key) and gives it an `agent` API key. */
export async function createAgent(
  testApp: TestApp,
  input: CreateAgentInput = {},
): Promise<CreatedAgent> {
  const n = nextNumber();
  const server = testApp.app.getHttpServer();
  const body = {
    name: input.name ?? `Agent ${n}`,
    email: input.email ?? `agent${n}@example.test`,
    teams: input.teams ?? [],
    skills: input.skills ?? [],
    languages: input.languages ?? ['en'],
    capacity: input.capacity ?? { max: 5 },
    supportLevel: input.supportLevel ?? 1,
  };
  const created = await request(server).post('/agents').set(bearer(testApp.adminKey)).send(body);
  expectStatus(created, 201, 'creating an agent');
  const agentId = (created.body as { id: string }).id;
  remember(testApp, 'agents', agentId, created);
  const apiKey = await createApiKey(testApp, 'agent', agentId);
  if (input.availability !== undefined && input.availability !== 'offline') {
    await setAvailability(testApp, agentId, input.availability);
  }
  if (input.deactivated) await deactivateAgent(testApp, agentId);
  return { agentId, apiKey };
}

/** Creates a team through POST /teams (admin key); returns its id. */
export async function createTeam(testApp: TestApp, input: CreateTeamInput = {}): Promise<string> {
  const n = nextNumber();
  const body = {
    name: input.name ?? `Team ${n}`,
    strategy: input.strategy ?? 'least_loaded',
    defaultSkills: input.defaultSkills ?? [],
    ...(input.escalationTeamId ? { escalationTeamId: input.escalationTeamId } : {}),
    ...(input.requeueUnansweredOnOffline !== undefined
      ? { requeueUnansweredOnOffline: input.requeueUnansweredOnOffline }
      : {}),
  };
  const created = await request(testApp.app.getHttpServer())
    .post('/teams')
    .set(bearer(testApp.adminKey))
    .send(body);
  expectStatus(created, 201, 'creating a team');
  const teamId = (created.body as { id: string }).id;
  remember(testApp, 'teams', teamId, created);
  if (input.deactivated) await deactivateTeam(testApp, teamId);
  return teamId;
}

/** POST /agents/{id}/availability with the admin key. */
export async function setAvailability(
  testApp: TestApp,
  agentId: string,
  status: AgentAvailability,
): Promise<void> {
  const response = await request(testApp.app.getHttpServer())
    .post(`/agents/${agentId}/availability`)
    .set(bearer(testApp.adminKey))
    .send({ status });
  expectStatus(response, 200, `setting agent ${agentId} ${status}`);
  remember(testApp, 'agents', agentId, response);
}

/** PATCH /agents/{id} with any fields of the agent (admin key); returns the new body. */
export async function patchAgent(
  testApp: TestApp,
  agentId: string,
  patch: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const response = await request(testApp.app.getHttpServer())
    .patch(`/agents/${agentId}`)
    .set(bearer(testApp.adminKey))
    .send(patch);
  expectStatus(response, 200, `patching agent ${agentId}`);
  remember(testApp, 'agents', agentId, response);
  return response.body as Record<string, unknown>;
}

export async function deactivateAgent(testApp: TestApp, agentId: string): Promise<void> {
  await patchAgent(testApp, agentId, { active: false });
}

export async function deactivateTeam(testApp: TestApp, teamId: string): Promise<void> {
  const response = await request(testApp.app.getHttpServer())
    .patch(`/teams/${teamId}`)
    .set(bearer(testApp.adminKey))
    .send({ active: false });
  expectStatus(response, 200, `deactivating team ${teamId}`);
  remember(testApp, 'teams', teamId, response);
}

/**
 * Waits until the directory read model (GET /agents, GET /teams, team members) reflects every
 * write these helpers made on `testApp` (it compares the read model's revision of each agent and
 * team with the revision the write returned), then until the projection has caught up with the
 * log as far as it is visible. Throws after `timeoutMs`.
 *
 * Why not only ProjectionRunner.waitForCatchUp: the log's head is fenced below transactions still
 * in flight anywhere in the app, so right after a write it may not include that write yet.
 */
export async function waitForDirectory(testApp: TestApp, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const { agents, teams } = writtenBy(testApp);
  const dataSource = testApp.app.get(DataSource);
  for (;;) {
    const lagging = [
      ...(await laggingRows(dataSource, 'directory_agents', 'agent_id', agents)),
      ...(await laggingRows(dataSource, 'directory_teams', 'team_id', teams)),
    ];
    if (lagging.length === 0) break;
    if (Date.now() > deadline) {
      throw new Error(`the directory read model did not catch up with ${lagging.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const remaining = Math.max(1, deadline - Date.now());
  const caughtUp = await testApp.app
    .get(ProjectionRunner)
    .waitForCatchUp(remaining, [DIRECTORY_PROJECTION_NAME]);
  if (!caughtUp) throw new Error(`the directory read model did not catch up in ${timeoutMs} ms`);
}

async function laggingRows(
  dataSource: DataSource,
  table: 'directory_agents' | 'directory_teams',
  idColumn: 'agent_id' | 'team_id',
  expected: ReadonlyMap<string, bigint>,
): Promise<string[]> {
  if (expected.size === 0) return [];
  const rows: { id: string; revision: string }[] = await dataSource.query(
    `SELECT ${idColumn} AS id, revision FROM ${table} WHERE ${idColumn} = ANY($1)`,
    [[...expected.keys()]],
  );
  const seen = new Map(rows.map((row) => [row.id, BigInt(row.revision)]));
  return [...expected]
    .filter(([id, revision]) => (seen.get(id) ?? -1n) < revision)
    .map(([id, revision]) => `${id}@${revision.toString()}`);
}
