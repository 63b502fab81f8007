/**
 * The reference for `npm run bench:tickets`: a bare Fastify server answering the same command
 * requests as the application (POST /tickets, POST /tickets/:id/<command>) with one
 * parameterised INSERT each — no auth, no validation, no event store, no read of the stream, no
 * concurrency check. What is left is HTTP, JSON and one durable row: the floor our API is
 * compared against.
 *
 * Run as a child process by the benchmark: DATABASE_URL in the environment; prints
 * `listening <url>` on stdout once ready.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Pool } from 'pg';

const INSERT = {
  name: 'bench_reference_command',
  text: 'INSERT INTO bench_reference_commands (ticket_id, command, body) VALUES ($1, $2, $3::jsonb)',
};

async function main(): Promise<void> {
  // The same pool size as the application's raw pool.
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  pool.on('error', () => undefined);
  await pool.query(`
    CREATE TABLE IF NOT EXISTS bench_reference_commands (
      id          bigserial PRIMARY KEY,
      ticket_id   uuid NOT NULL,
      command     text NOT NULL,
      body        jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
  const app = Fastify({ logger: false });
  app.post('/tickets', async (request, reply) => {
    const id = randomUUID();
    await pool.query({ ...INSERT, values: [id, 'open', JSON.stringify(request.body ?? {})] });
    void reply.code(201);
    return { id };
  });
  app.post<{ Params: { id: string; command: string } }>(
    '/tickets/:id/:command',
    async (request) => {
      await pool.query({
        ...INSERT,
        values: [request.params.id, request.params.command, JSON.stringify(request.body ?? {})],
      });
      return { id: request.params.id };
    },
  );
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
  process.stderr.write(`reference server failed: ${String(error)}\n`);
  process.exit(1);
});
