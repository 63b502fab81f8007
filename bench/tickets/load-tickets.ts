/**
 * Fills the ticket list read model with `count` synthetic tickets in one INSERT … SELECT
 * generate_series (the write path is measured elsewhere; this is about the query side).
 *
 * The migration's secondary indexes are dropped for the load and re-created from their own
 * definitions (pg_indexes.indexdef) afterwards — the same indexes, built in one sorted pass
 * instead of a million incremental inserts — then the table is VACUUM ANALYZEd.
 *
 * Shape (seeded, so every run gets the same data): statuses 5% new, 12% open, 5% pending,
 * 3% on hold, 15% solved, 60% closed; priorities 20/55/20/5% low/normal/high/urgent; seven
 * channels (email 35%, social 4%); six types; 50 teams; 500 agents (no agent on 90% of new
 * tickets); 200,000 customers; 0–3 of 40 tags; opened over the two years before 2026-01-01;
 * subjects from 10 × 8 words, plus a rare word (`kerberos`) in 0.05% of them.
 */
import type { Pool } from 'pg';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  readonly rows: number;
  readonly insertSeconds: number;
  readonly indexSeconds: number;
  readonly analyzeSeconds: number;
  readonly tableSize: string;
  readonly indexesSize: string;
  readonly indexes: readonly string[];
}

const TAGS = Array.from({ length: 40 }, (_, i) =>
  i < 8
    ? ['billing', 'vip', 'login', 'mobile', 'export', 'hardware', 'refund', 'outage'][i]
    : `tag-${i}`,
);

/** The statement, kept readable: one subquery draws every random number a row needs. */
function insertSql(): string {
  return `
  INSERT INTO ticket_list (id, subject, status, priority, priority_rank, type, channel, team_id,
    assignee_id, customer_id, customer_name, customer_tier, tags, language, support_level,
    created_at, updated_at, revision)
  SELECT
    md5('bench-ticket-' || g)::uuid::text,
    CASE WHEN r_rare < 0.0005 THEN 'Kerberos ticket expired: ' ELSE '' END
      || (ARRAY['Printer','Invoice','Login','Refund','VPN','Password','Shipping','Laptop','Email','Billing'])[1 + floor(r_word1 * 10)::int]
      || ' '
      || (ARRAY['broken','question','slow','missing','error','request','delayed','not working'])[1 + floor(r_word2 * 8)::int]
      || ' #' || g,
    status,
    (ARRAY['low','normal','high','urgent'])[1 + rank],
    rank,
    (ARRAY['question','incident','problem','complaint','service_request','feedback'])[1 + floor(r_type * 6)::int],
    CASE WHEN r_channel < 0.35 THEN 'email' WHEN r_channel < 0.55 THEN 'web'
         WHEN r_channel < 0.70 THEN 'chat' WHEN r_channel < 0.82 THEN 'phone'
         WHEN r_channel < 0.90 THEN 'api' WHEN r_channel < 0.96 THEN 'messaging' ELSE 'social' END,
    CASE WHEN status = 'new' AND r_unassigned < 0.3 THEN NULL ELSE team_id END,
    CASE WHEN status = 'new' AND r_unassigned < 0.9 THEN NULL ELSE assignee_id END,
    'bench-customer-' || lpad(floor(r_customer * 200000)::int::text, 6, '0'),
    'Customer ' || floor(r_customer * 200000)::int,
    CASE WHEN r_tier < 0.8 THEN 'standard' WHEN r_tier < 0.95 THEN 'premium' ELSE 'vip' END,
    CASE WHEN r_tags < 0.3 THEN '{}'::text[]
         WHEN r_tags < 0.7 THEN ARRAY[($3::text[])[1 + floor(r_tag1 * 40)::int]]
         WHEN r_tags < 0.9 THEN ARRAY(SELECT DISTINCT unnest(ARRAY[($3::text[])[1 + floor(r_tag1 * 40)::int], ($3::text[])[1 + floor(r_tag2 * 40)::int]]) ORDER BY 1)
         ELSE ARRAY(SELECT DISTINCT unnest(ARRAY[($3::text[])[1 + floor(r_tag1 * 40)::int], ($3::text[])[1 + floor(r_tag2 * 40)::int], ($3::text[])[1 + floor(r_tag3 * 40)::int]]) ORDER BY 1) END,
    CASE WHEN r_language < 0.7 THEN 'en' WHEN r_language < 0.8 THEN 'de' WHEN r_language < 0.9 THEN 'fr' ELSE 'es' END,
    CASE WHEN r_level < 0.85 THEN 1 WHEN r_level < 0.97 THEN 2 ELSE 3 END,
    created_at,
    date_trunc('milliseconds', created_at + (CASE WHEN status IN ('solved', 'closed') THEN interval '10 days' ELSE interval '2 days' END) * r_updated),
    1 + floor(r_revision * 20)::int
  FROM (
    SELECT g,
      CASE WHEN r_status < 0.05 THEN 'new' WHEN r_status < 0.17 THEN 'open'
           WHEN r_status < 0.22 THEN 'pending' WHEN r_status < 0.25 THEN 'on_hold'
           WHEN r_status < 0.40 THEN 'solved' ELSE 'closed' END AS status,
      CASE WHEN r_priority < 0.20 THEN 0 WHEN r_priority < 0.75 THEN 1
           WHEN r_priority < 0.95 THEN 2 ELSE 3 END AS rank,
      ($1::text[])[1 + agent % 50] AS team_id,
      ($2::text[])[1 + agent] AS assignee_id,
      date_trunc('milliseconds', timestamptz '2026-01-01T00:00:00Z' - interval '730 days' * r_created) AS created_at,
      r_rare, r_word1, r_word2, r_type, r_channel, r_unassigned, r_customer, r_tier, r_tags,
      r_tag1, r_tag2, r_tag3, r_language, r_level, r_updated, r_revision
    FROM (
      SELECT g, random() AS r_status, random() AS r_priority, floor(random() * 500)::int AS agent,
        random() AS r_created, random() AS r_rare, random() AS r_word1, random() AS r_word2,
        random() AS r_type, random() AS r_channel, random() AS r_unassigned, random() AS r_customer,
        random() AS r_tier, random() AS r_tags, random() AS r_tag1, random() AS r_tag2,
        random() AS r_tag3, random() AS r_language, random() AS r_level, random() AS r_updated,
        random() AS r_revision
      FROM generate_series(1, $4::int) g
    ) draws
  ) shaped`;
}

/**
 * `teamIds`: 50 team ids; `agentIds`: 500 agent ids, agent i a member of team (i % 50) — the
 * benchmark passes the real teams and agents it registered, so agents' visibility is real.
 */
export async function loadTickets(
  pool: Pool,
  options: { count: number; teamIds: readonly string[]; agentIds: readonly string[] },
): Promise<LoadResult> {
  if (options.teamIds.length !== 50 || options.agentIds.length !== 500) {
    throw new Error('loadTickets needs exactly 50 team ids and 500 agent ids');
  }
  const client = await pool.connect();
  try {
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query('SET max_parallel_maintenance_workers = 2');
    await client.query('SELECT setseed(0.42)');
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       JOIN pg_class c ON c.relname = i.indexname
       JOIN pg_index x ON x.indexrelid = c.oid
       WHERE i.schemaname = 'public' AND i.tablename = 'ticket_list' AND NOT x.indisprimary
       ORDER BY i.indexname`,
    );
    for (const index of indexes) await client.query(`DROP INDEX public."${index.indexname}"`);
    const insertStarted = performance.now();
    const inserted = await client.query(insertSql(), [
      [...options.teamIds],
      [...options.agentIds],
      TAGS,
      options.count,
    ]);
    const insertSeconds = (performance.now() - insertStarted) / 1000;
    const indexStarted = performance.now();
    for (const index of indexes) await client.query(index.indexdef);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    const analyzeStarted = performance.now();
    await client.query('VACUUM ANALYZE ticket_list');
    const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
    const { rows: sizes } = await client.query<{ table_size: string; indexes_size: string }>(
      `SELECT pg_size_pretty(pg_table_size('ticket_list')) AS table_size,
              pg_size_pretty(pg_indexes_size('ticket_list')) AS indexes_size`,
    );
    return {
      rows: inserted.rowCount ?? 0,
      insertSeconds,
      indexSeconds,
      analyzeSeconds,
      tableSize: sizes[0]?.table_size ?? '?',
      indexesSize: sizes[0]?.indexes_size ?? '?',
      indexes: indexes.map((index) => index.indexname),
    };
  } finally {
    client.release();
  }
}
