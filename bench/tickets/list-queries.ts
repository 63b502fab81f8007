/**
 * Times `GET /tickets` pages on the loaded read model: each query over HTTP (the whole API path:
 * auth, validation, the page query, the lag header) and its SQL alone (the exact statement the
 * API runs, built by the same functions), p50/p99 over repeated runs, plus one
 * EXPLAIN (ANALYZE, BUFFERS) to show which index answers it.
 */
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { ListTicketsQuery } from '../../src/tickets/listing-tickets/list-tickets.query.dto';
import { pageRequestOf } from '../../src/tickets/listing-tickets/list-tickets.request';
import type { TicketVisibility } from '../../src/tickets/listing-tickets/ticket-list.criteria';
import { listTicketsSql } from '../../src/tickets/listing-tickets/ticket-list.sql';
import type { HttpClient } from './http-client';
import { distribution, type Distribution } from './stats';

export interface ListQuery {
  readonly label: string;
  /** The query string of GET /tickets. */
  readonly query: string;
  readonly apiKey: string;
  readonly visibility: TicketVisibility;
}

export interface QueryTiming {
  readonly label: string;
  readonly query: string;
  readonly rows: number;
  readonly http: Distribution;
  readonly sql: Distribution;
  readonly explainMs: number;
  /** Indexes the plan reads, and whether it sorts. */
  readonly plan: string;
  readonly planText: string;
}

interface Page {
  items: unknown[];
  next: string | null;
}

/** The statement the API runs for this query string and caller. */
export function sqlFor(
  query: string,
  visibility: TicketVisibility,
): { text: string; values: unknown[] } {
  const params = Object.fromEntries(new URLSearchParams(query));
  const dto = Object.assign(new ListTicketsQuery(), params, {
    ...(params.limit !== undefined ? { limit: Number(params.limit) } : {}),
  });
  return listTicketsSql(pageRequestOf(dto)(visibility));
}

function planSummary(plan: string): string {
  const indexes = [
    ...new Set(
      [
        ...plan.matchAll(
          /(?:Index Scan(?: Backward)?|Index Only Scan|Bitmap Index Scan) (?:using|on) "?([A-Za-z0-9_]+)"?/g,
        ),
      ].map((match) => match[1]),
    ),
  ];
  const scan = plan.includes('Seq Scan') ? 'seq scan' : indexes.join(' + ') || 'no index';
  const sort = /\bSort\b/.test(plan) ? ' + sort' : '';
  return `${scan}${sort}`;
}

export async function timeListQuery(
  client: HttpClient,
  pool: Pool,
  query: ListQuery,
  runs: number,
): Promise<QueryTiming> {
  const path = `/tickets${query.query === '' ? '' : `?${query.query}`}`;
  const warm = await client.request<Page>('GET', path, { apiKey: query.apiKey });
  if (warm.status !== 200) {
    throw new Error(`GET ${path} → ${warm.status} ${JSON.stringify(warm.body)}`);
  }
  const http: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const response = await client.request<Page>('GET', path, { apiKey: query.apiKey });
    if (response.status !== 200) throw new Error(`GET ${path} → ${response.status}`);
    http.push(response.ms);
  }
  const sql = sqlFor(query.query, query.visibility);
  const connection = await pool.connect();
  try {
    await connection.query(sql.text, sql.values);
    const direct: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      await connection.query(sql.text, sql.values);
      direct.push(performance.now() - started);
    }
    const { rows } = await connection.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`,
      sql.values,
    );
    const planText = rows.map((row) => row['QUERY PLAN']).join('\n');
    const execution = /Execution Time: ([\d.]+) ms/.exec(planText);
    return {
      label: query.label,
      query: query.query,
      rows: warm.body.items.length,
      http: distribution(http),
      sql: distribution(direct),
      explainMs: execution ? Number(execution[1]) : Number.NaN,
      plan: planSummary(planText),
      planText,
    };
  } finally {
    connection.release();
  }
}

/** Follows `next` `pages` times and returns the cursor of the page after them. */
export async function cursorAfter(
  client: HttpClient,
  query: string,
  apiKey: string,
  pages: number,
): Promise<string> {
  let cursor: string | null = null;
  for (let page = 0; page < pages; page += 1) {
    const suffix: string = cursor === null ? '' : `&cursor=${cursor}`;
    const response = await client.request<Page>('GET', `/tickets?${query}${suffix}`, { apiKey });
    if (response.status !== 200 || response.body.next === null) {
      throw new Error(`walking ${query}: page ${page} → ${response.status}, no next page`);
    }
    cursor = response.body.next;
  }
  if (cursor === null) throw new Error('no cursor');
  return cursor;
}
