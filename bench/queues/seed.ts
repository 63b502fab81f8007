/**
 * Bulk-loads the work-queue read model for `npm run bench:queues`: teams, agents, memberships,
 * open tickets and solved history, straight into the projection's tables with INSERT … SELECT
 * generate_series, then the counters the projection keeps (recounted from the rows), then
 * VACUUM ANALYZE. Deterministic: every value derives from the row number.
 */
import type { Pool } from 'pg';
import { performance } from 'node:perf_hooks';

export interface SeedOptions {
  readonly openTickets: number;
  readonly solvedTickets: number;
  readonly teams: number;
  readonly agents: number;
  /** Share of the open tickets assigned to an agent (the rest wait in their team's queue). */
  readonly assignedShare: number;
  /** The instant the bench's clock stands at (SLA due times and ages are spread around it). */
  readonly now: Date;
}

export interface SeedResult {
  readonly teamIds: string[];
  readonly agentIds: string[];
  readonly seconds: number;
  readonly tableSize: string;
  readonly indexesSize: string;
}

export const teamIdOf = (n: number): string => `bench-team-${String(n).padStart(2, '0')}`;
export const agentIdOf = (n: number): string => `bench-agent-${String(n).padStart(3, '0')}`;

export async function seedQueues(pool: Pool, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const { teams, agents, openTickets, solvedTickets } = options;
  const now = options.now.toISOString();
  await pool.query(
    `INSERT INTO queue_teams (team_id, name, status)
     SELECT 'bench-team-' || lpad(n::text, 2, '0'), 'Bench team ' || lpad(n::text, 2, '0'), 'active'
     FROM generate_series(0, $1 - 1) AS n`,
    [teams],
  );
  // Capacity 40–69, a chat cap of 5; two thirds online, the rest away or offline.
  await pool.query(
    `INSERT INTO queue_agents (agent_id, capacity_max, capacity_per_channel, availability, status)
     SELECT 'bench-agent-' || lpad(n::text, 3, '0'), 40 + n % 30, '{"chat": 5}'::jsonb,
            CASE WHEN n % 3 < 2 THEN 'online' WHEN n % 3 = 2 AND n % 2 = 0 THEN 'away' ELSE 'offline' END,
            'active'
     FROM generate_series(0, $1 - 1) AS n`,
    [agents],
  );
  // Agent n is in team n % teams; every fifth agent also in the next team.
  await pool.query(
    `INSERT INTO queue_agent_teams (team_id, agent_id)
     SELECT 'bench-team-' || lpad((n % $2)::text, 2, '0'), 'bench-agent-' || lpad(n::text, 3, '0')
     FROM generate_series(0, $1 - 1) AS n
     UNION
     SELECT 'bench-team-' || lpad(((n + 1) % $2)::text, 2, '0'), 'bench-agent-' || lpad(n::text, 3, '0')
     FROM generate_series(0, $1 - 1) AS n WHERE n % 5 = 0`,
    [agents, teams],
  );
  // Open tickets: priority 10% urgent, 25% high, 45% normal, 20% low; opened over the last 30
  // days; 85% with an SLA due time between 2 h ago and 48 h ahead (the rest: no running clock).
  // `assignedShare` of them with agent (n % agents) in its first team, open/pending/on hold.
  await pool.query(
    `WITH base AS (
       SELECT n,
              ((n::bigint * 7919) % 100)::int AS p,
              ((n::bigint * 104729) % 1000)::int AS d,
              (n % $4) AS agent,
              ((n * 31) % 10000) < ($5::float8 * 10000) AS assigned
       FROM generate_series(1, $1) AS n)
     INSERT INTO queue_tickets (ticket_id, team_id, assignee_id, status, priority, service_priority,
       channel, customer_tier, next_due_at, due_order, opened_at, waiting, active, revision)
     SELECT 'bench-open-' || lpad(n::text, 7, '0'),
            CASE WHEN assigned THEN 'bench-team-' || lpad((agent % $3)::text, 2, '0')
                 ELSE 'bench-team-' || lpad((n % $3)::text, 2, '0') END,
            CASE WHEN assigned THEN 'bench-agent-' || lpad(agent::text, 3, '0') END,
            CASE WHEN assigned THEN (ARRAY['open','open','open','pending','on_hold'])[1 + n % 5]
                 ELSE (ARRAY['new','new','open'])[1 + n % 3] END,
            CASE WHEN p < 10 THEN 'urgent' WHEN p < 35 THEN 'high' WHEN p < 80 THEN 'normal' ELSE 'low' END,
            CASE WHEN p < 10 THEN 0 WHEN p < 35 THEN 1 WHEN p < 80 THEN 2 ELSE 3 END,
            (ARRAY['email','chat','phone','web','messaging','social','api'])[1 + n % 7],
            (ARRAY['standard','standard','standard','premium','vip'])[1 + n % 5],
            CASE WHEN d < 850 THEN $2::timestamptz + ((d * 3.53 - 120) * interval '1 minute') END,
            CASE WHEN d < 850 THEN $2::timestamptz + ((d * 3.53 - 120) * interval '1 minute')
                 ELSE 'infinity'::timestamptz END,
            $2::timestamptz - ((n * 2654435761::bigint) % 2592000) * interval '1 second',
            NOT assigned, true, 5
     FROM base`,
    [openTickets, now, teams, agents, options.assignedShare],
  );
  // Solved and closed history: in the table, outside every partial index.
  await pool.query(
    `INSERT INTO queue_tickets (ticket_id, team_id, assignee_id, status, priority, service_priority,
       channel, customer_tier, next_due_at, due_order, opened_at, waiting, active, revision)
     SELECT 'bench-done-' || lpad(n::text, 7, '0'), 'bench-team-' || lpad((n % $3)::text, 2, '0'),
            'bench-agent-' || lpad((n % $4)::text, 3, '0'),
            CASE WHEN n % 4 = 0 THEN 'solved' ELSE 'closed' END,
            'normal', 2, 'email', 'standard', NULL, 'infinity',
            $2::timestamptz - interval '31 days' - (n % 5000000) * interval '1 second',
            false, false, 9
     FROM generate_series(1, $1) AS n`,
    [solvedTickets, now, teams, agents],
  );
  // The counters, exactly as the projection would have accumulated them.
  await pool.query(`
    INSERT INTO queue_team_counts (team_key, status, priority, assigned, tickets)
    SELECT coalesce(team_id, ''), status, priority, assignee_id IS NOT NULL, count(*)
    FROM queue_tickets WHERE active GROUP BY 1, 2, 3, 4`);
  await pool.query(`
    INSERT INTO queue_agent_load (agent_id, channel, tickets)
    SELECT assignee_id, channel, count(*) FROM queue_tickets
    WHERE active AND assignee_id IS NOT NULL GROUP BY 1, 2`);
  for (const table of [
    'queue_tickets',
    'queue_team_counts',
    'queue_agents',
    'queue_agent_teams',
    'queue_teams',
    'queue_agent_load',
  ]) {
    await pool.query(`VACUUM ANALYZE ${table}`);
  }
  const { rows } = await pool.query<{ table: string; indexes: string }>(
    `SELECT pg_size_pretty(pg_table_size('queue_tickets')) AS table,
            pg_size_pretty(pg_indexes_size('queue_tickets')) AS indexes`,
  );
  return {
    teamIds: Array.from({ length: teams }, (_, n) => teamIdOf(n)),
    agentIds: Array.from({ length: agents }, (_, n) => agentIdOf(n)),
    seconds: (performance.now() - started) / 1000,
    tableSize: rows[0]?.table ?? '?',
    indexesSize: rows[0]?.indexes ?? '?',
  };
}
