/**
 * The reference for `npm run bench:queues`: a bare Fastify server answering the same four reads
 * with the very same SQL statements as the application (QueueQueries' SQL) on a plain pg pool —
 * no auth, no validation, no DTO mapping, no X-Projection-Lag status query. What is left is HTTP,
 * JSON and the statements themselves: the floor the application is compared against.
 *
 * Run as a child process by the benchmark: DATABASE_URL in the environment; prints
 * `listening <url>` on stdout once ready.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import { SQL } from '../../src/routing/queues/queue-read-model/queue.queries';
import { decodeServiceCursor } from '../../src/routing/queues/queue-read-model/service-order.cursor';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  pool.on('error', () => undefined);
  const app = Fastify({ logger: false });
  const page = async (
    first: string,
    following: string,
    id: string,
    query: { limit?: string; cursor?: string },
  ): Promise<unknown> => {
    const limit = Number(query.limit ?? 25);
    const after = query.cursor ? decodeServiceCursor(query.cursor) : null;
    const { rows } = await pool.query(
      after ? following : first,
      after
        ? [
            id,
            after.servicePriority,
            after.nextDueAt ?? 'infinity',
            after.openedAt,
            after.ticketId,
            limit + 1,
          ]
        : [id, limit + 1],
    );
    return { items: rows.slice(0, limit) };
  };
  app.get('/queues', async () => {
    const dueBy = new Date(Date.now() + 30 * 60 * 1000).toISOString();
    const [teams, unrouted] = await Promise.all([
      pool.query(SQL.OVERVIEW, [dueBy]),
      pool.query(SQL.UNROUTED),
    ]);
    return { teams: teams.rows, unrouted: unrouted.rows };
  });
  app.get<{ Params: { id: string }; Querystring: { limit?: string; cursor?: string } }>(
    '/queues/:id/tickets',
    (request) => page(SQL.TEAM_PAGE, SQL.TEAM_PAGE_AFTER, request.params.id, request.query),
  );
  app.get<{ Params: { id: string }; Querystring: { limit?: string; cursor?: string } }>(
    '/agents/:id/tickets',
    (request) => page(SQL.AGENT_PAGE, SQL.AGENT_PAGE_AFTER, request.params.id, request.query),
  );
  app.get<{ Params: { id: string } }>('/agents/:id/load', async (request) => {
    const { rows } = await pool.query(SQL.AGENT_LOAD, [request.params.id]);
    return rows[0] ?? {};
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`listening ${url}\n`);
  const stop = (): void => {
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
