/**
 * The write workload: `clients` concurrent clients, each repeating the life of a ticket — open,
 * assign, reply, solve — for a fixed time, every request timed. The same requests (paths and
 * bodies) go to the application and to the reference server.
 */
import { performance } from 'node:perf_hooks';
import type { HttpClient } from './http-client';

export const COMMANDS = ['open', 'assign', 'reply', 'solve'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface WorkloadTarget {
  readonly client: HttpClient;
  /** Bearer keys for the application, one per client (as each agent has its own); ignored by the reference. */
  readonly apiKeys: readonly string[];
}

export interface Assignee {
  readonly agentId: string;
  readonly teamId: string;
}

export interface WorkloadResult {
  readonly commands: number;
  readonly errors: number;
  /** Status → count of unexpected answers, for the report. */
  readonly errorStatuses: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly latencies: readonly number[];
  readonly byCommand: Readonly<Record<CommandName, readonly number[]>>;
}

const SUBJECTS = ['Printer on fire', 'Invoice export fails', 'Cannot log in', 'Refund request'];
const CHANNELS = ['email', 'web', 'chat', 'phone', 'api'];

function openBody(client: number, sequence: number): Record<string, unknown> {
  return {
    channel: CHANNELS[sequence % CHANNELS.length],
    subject: `${SUBJECTS[sequence % SUBJECTS.length]} (${client}-${sequence})`,
    description: 'The export stops after the first page when the account has many tickets.',
    customer: {
      id: `bench-customer-${client}-${sequence % 50}`,
      name: 'Bench Customer',
      email: 'customer@example.com',
      tier: 'standard',
    },
    type: 'incident',
    priority: 'normal',
    tags: ['bench', 'export'],
    language: 'en',
  };
}

export async function runCommandWorkload(
  target: WorkloadTarget,
  options: { clients: number; seconds: number; assignees: readonly Assignee[] },
): Promise<WorkloadResult> {
  const latencies: number[] = [];
  const byCommand: Record<CommandName, number[]> = { open: [], assign: [], reply: [], solve: [] };
  const errorStatuses: Record<string, number> = {};
  let commands = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const call = async (
    client: number,
    command: CommandName,
    path: string,
    body: unknown,
    expected: number,
  ): Promise<unknown> => {
    const apiKey = target.apiKeys[client % target.apiKeys.length];
    const response = await target.client.request('POST', path, { body, apiKey });
    if (response.status !== expected) {
      errors += 1;
      errorStatuses[`${command} ${response.status}`] =
        (errorStatuses[`${command} ${response.status}`] ?? 0) + 1;
      return undefined;
    }
    commands += 1;
    latencies.push(response.ms);
    byCommand[command].push(response.ms);
    return response.body;
  };

  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      for (let sequence = 0; performance.now() < deadline; sequence += 1) {
        const opened = (await call(client, 'open', '/tickets', openBody(client, sequence), 201)) as
          { id?: string } | undefined;
        const id = opened?.id;
        if (id === undefined) continue;
        const assignee = options.assignees[(client + sequence) % options.assignees.length];
        await call(client, 'assign', `/tickets/${id}/assign`, assignee, 200);
        await call(
          client,
          'reply',
          `/tickets/${id}/replies`,
          { body: 'Thanks, a fix is on its way.' },
          200,
        );
        await call(
          client,
          'solve',
          `/tickets/${id}/solve`,
          { resolutionCode: 'fixed', summary: 'Deployed the fix.' },
          200,
        );
      }
    }),
  );
  return {
    commands,
    errors,
    errorStatuses,
    seconds: (performance.now() - started) / 1000,
    latencies,
    byCommand,
  };
}

/** Several timed slices of one side, as one result. */
export function combine(results: readonly WorkloadResult[]): WorkloadResult {
  const byCommand: Record<CommandName, number[]> = { open: [], assign: [], reply: [], solve: [] };
  const errorStatuses: Record<string, number> = {};
  for (const result of results) {
    for (const command of COMMANDS) byCommand[command].push(...result.byCommand[command]);
    for (const [key, count] of Object.entries(result.errorStatuses)) {
      errorStatuses[key] = (errorStatuses[key] ?? 0) + count;
    }
  }
  return {
    commands: results.reduce((sum, result) => sum + result.commands, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    errorStatuses,
    seconds: results.reduce((sum, result) => sum + result.seconds, 0),
    latencies: results.flatMap((result) => result.latencies),
    byCommand,
  };
}
