import type { SqlRunner } from './checkpoint-store';
import { rebuildSchemaOf } from './projection';

/**
 * The DDL of a blue/green rebuild. Serving tables live in `public`; a rebuild refills copies in
 * `rebuild_<projection>` (the batch transaction's search_path points there, so handlers and
 * TypeORM entities, which name tables without a schema, write into the copies), and the swap
 * moves the copies into `public` in one transaction.
 *
 * `LIKE … INCLUDING ALL` copies columns, defaults, CHECK/NOT NULL constraints, indexes and
 * identity columns, but names indexes by its own rules and skips foreign keys; migrations refer
 * to TypeORM's names (PK_…, IDX_…, FK_…), so indexes are renamed back and foreign keys re-added,
 * and serial sequences (shared by both copies) are handed to the new table.
 */

export function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

interface IndexRow {
  schema: string;
  index_name: string;
  shape: string;
}

async function indexesOf(sql: SqlRunner, schemas: string[], table: string): Promise<IndexRow[]> {
  // The definition after " USING " (method, columns, predicate) identifies an index's shape
  // independently of its name and schema.
  return (await sql.query(
    `SELECT n.nspname AS schema, ic.relname AS index_name,
            (CASE WHEN i.indisprimary THEN 'P' WHEN i.indisunique THEN 'U' ELSE 'I' END) ||
              substr(pg_get_indexdef(i.indexrelid), strpos(pg_get_indexdef(i.indexrelid), ' USING ')) AS shape
     FROM pg_index i
     JOIN pg_class t ON t.oid = i.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_class ic ON ic.oid = i.indexrelid
     WHERE t.relname = $1 AND n.nspname = ANY($2)
     ORDER BY ic.relname`,
    [table, schemas],
  )) as IndexRow[];
}

/** Gives each copied index the name of the serving index it mirrors. */
async function renameCopiedIndexes(sql: SqlRunner, schema: string, table: string): Promise<void> {
  const indexes = await indexesOf(sql, ['public', schema], table);
  const copies = indexes.filter((index) => index.schema === schema);
  const renames: { from: string; to: string }[] = [];
  for (const original of indexes.filter((index) => index.schema === 'public')) {
    const match = copies.findIndex((copy) => copy.shape === original.shape);
    if (match === -1) continue;
    const [copy] = copies.splice(match, 1);
    if (copy && copy.index_name !== original.index_name) {
      renames.push({ from: copy.index_name, to: original.index_name });
    }
  }
  // Two steps, so that a copy's generated name can never collide with a name being handed out.
  for (const [i, rename] of renames.entries()) {
    await sql.query(
      `ALTER INDEX ${quoteIdent(schema)}.${quoteIdent(rename.from)} RENAME TO ${quoteIdent(`rebuild_tmp_${i}`)}`,
    );
  }
  for (const [i, rename] of renames.entries()) {
    await sql.query(
      `ALTER INDEX ${quoteIdent(schema)}.${quoteIdent(`rebuild_tmp_${i}`)} RENAME TO ${quoteIdent(rename.to)}`,
    );
  }
}

/** A fresh, empty `rebuild_<projection>` schema with a copy of each table. */
export async function prepareRebuildSchema(
  sql: SqlRunner,
  projectionName: string,
  tables: readonly string[],
): Promise<void> {
  const schema = rebuildSchemaOf(projectionName);
  await sql.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await sql.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  for (const table of tables) {
    await sql.query(
      `CREATE TABLE ${quoteIdent(schema)}.${quoteIdent(table)} (LIKE public.${quoteIdent(table)} INCLUDING ALL)`,
    );
    await renameCopiedIndexes(sql, schema, table);
  }
}

export async function rebuildSchemaExists(
  sql: SqlRunner,
  projectionName: string,
): Promise<boolean> {
  const found = (await sql.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
    rebuildSchemaOf(projectionName),
  ])) as unknown[];
  return found.length === 1;
}

/** Makes the batch transaction's unqualified table names resolve to the rebuild copies. */
export async function useRebuildSchema(sql: SqlRunner, projectionName: string): Promise<void> {
  await sql.query(
    `SET LOCAL search_path TO ${quoteIdent(rebuildSchemaOf(projectionName))}, public`,
  );
}

export async function dropRebuildSchema(sql: SqlRunner, projectionName: string): Promise<void> {
  await sql.query(`DROP SCHEMA IF EXISTS ${quoteIdent(rebuildSchemaOf(projectionName))} CASCADE`);
}

interface ForeignKeyRow {
  table_name: string;
  constraint_name: string;
  definition: string;
}

interface OwnedSequenceRow {
  sequence_schema: string;
  sequence_name: string;
  table_name: string;
  column_name: string;
}

/**
 * Replaces the serving tables by the rebuilt copies. Must run inside the transaction that also
 * records the new checkpoint, so readers see either the old tables or the new ones. Fails (and
 * so rolls back, leaving everything as it was) when something else depends on a serving table,
 * e.g. a view or a foreign key from a table the projection does not own.
 */
export async function swapInRebuiltTables(
  sql: SqlRunner,
  projectionName: string,
  tables: readonly string[],
  lockTimeoutMs: number,
): Promise<void> {
  const schema = rebuildSchemaOf(projectionName);
  // Readers queue behind our exclusive locks: never wait long for a slow reader.
  await sql.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
  // Constraint definitions are printed relative to the search_path; public makes them portable.
  await sql.query('SET LOCAL search_path TO public');
  const tableList = [...tables];
  const foreignKeys = (await sql.query(
    `SELECT t.relname AS table_name, c.conname AS constraint_name,
            pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE c.contype = 'f' AND n.nspname = 'public' AND t.relname = ANY($1)
     ORDER BY t.relname, c.conname`,
    [tableList],
  )) as ForeignKeyRow[];
  const sequences = (await sql.query(
    `SELECT sn.nspname AS sequence_schema, s.relname AS sequence_name,
            t.relname AS table_name, a.attname AS column_name
     FROM pg_depend d
     JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
     JOIN pg_namespace sn ON sn.oid = s.relnamespace
     JOIN pg_class t ON t.oid = d.refobjid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
       AND d.deptype = 'a' AND n.nspname = 'public' AND t.relname = ANY($1)`,
    [tableList],
  )) as OwnedSequenceRow[];

  for (const fk of foreignKeys) {
    await sql.query(
      `ALTER TABLE public.${quoteIdent(fk.table_name)} DROP CONSTRAINT ${quoteIdent(fk.constraint_name)}`,
    );
  }
  for (const seq of sequences) {
    await sql.query(
      `ALTER SEQUENCE ${quoteIdent(seq.sequence_schema)}.${quoteIdent(seq.sequence_name)} OWNED BY NONE`,
    );
  }
  for (const table of tables) await sql.query(`DROP TABLE public.${quoteIdent(table)}`);
  for (const table of tables) {
    await sql.query(`ALTER TABLE ${quoteIdent(schema)}.${quoteIdent(table)} SET SCHEMA public`);
  }
  for (const seq of sequences) {
    await sql.query(
      `ALTER SEQUENCE ${quoteIdent(seq.sequence_schema)}.${quoteIdent(seq.sequence_name)}
       OWNED BY public.${quoteIdent(seq.table_name)}.${quoteIdent(seq.column_name)}`,
    );
  }
  for (const fk of foreignKeys) {
    await sql.query(
      `ALTER TABLE public.${quoteIdent(fk.table_name)} ADD CONSTRAINT ${quoteIdent(fk.constraint_name)} ${fk.definition}`,
    );
  }
  await sql.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
}
