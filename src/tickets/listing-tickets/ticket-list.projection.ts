import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { ProjectionDefinition } from '../../projections/projection-definition.decorator';
import type { Projection } from '../../projections/projection';
import { TICKET_EVENT_TYPES, type TicketEvent } from '../ticket.events';
import { applyToListRow, priorityRank, type TicketListRow } from './ticket-list.row';

export const TICKET_LIST_PROJECTION = 'ticket_list';
export const TICKET_LIST_TABLE = 'ticket_list';

interface StoredRow {
  id: string;
  subject: string;
  status: TicketListRow['status'];
  priority: TicketListRow['priority'];
  type: TicketListRow['type'];
  channel: TicketListRow['channel'];
  team_id: string | null;
  assignee_id: string | null;
  customer_id: string;
  customer_name: string;
  customer_tier: TicketListRow['customerTier'];
  tags: string[];
  language: string;
  support_level: number;
  created_at: string;
  updated_at: string;
  revision: string;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** Times come back exactly as the events wrote them (ISO, milliseconds, UTC). */
const SELECT_ROWS = `
  SELECT id, subject, status, priority, type, channel, team_id, assignee_id, customer_id,
         customer_name, customer_tier, tags, language, support_level,
         to_char(created_at AT TIME ZONE 'UTC', ${ISO}) AS created_at,
         to_char(updated_at AT TIME ZONE 'UTC', ${ISO}) AS updated_at,
         revision::text AS revision
  FROM ticket_list WHERE id = ANY($1::text[])`;

const COLUMNS = `id text, subject text, status text, priority text, priority_rank smallint,
  type text, channel text, team_id text, assignee_id text, customer_id text, customer_name text,
  customer_tier text, tags text[], language text, support_level smallint,
  created_at timestamptz, updated_at timestamptz, revision bigint`;

const UPDATABLE = [
  'subject',
  'status',
  'priority',
  'priority_rank',
  'type',
  'channel',
  'team_id',
  'assignee_id',
  'customer_id',
  'customer_name',
  'customer_tier',
  'tags',
  'language',
  'support_level',
  'created_at',
  'updated_at',
  'revision',
];

/** One statement for the whole batch: the changed rows travel as one JSON array. */
const UPSERT_ROWS = `
  INSERT INTO ticket_list (id, ${UPDATABLE.join(', ')})
  SELECT id, ${UPDATABLE.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${COLUMNS})
  ON CONFLICT (id) DO UPDATE SET ${UPDATABLE.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`;

function fromStored(row: StoredRow): TicketListRow {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    type: row.type,
    channel: row.channel,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    customerTier: row.customer_tier,
    tags: row.tags,
    language: row.language,
    supportLevel: row.support_level,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: BigInt(row.revision),
  };
}

function toStored(row: TicketListRow): Record<string, unknown> {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    priority_rank: priorityRank(row.priority),
    type: row.type,
    channel: row.channel,
    team_id: row.teamId,
    assignee_id: row.assigneeId,
    customer_id: row.customerId,
    customer_name: row.customerName,
    customer_tier: row.customerTier,
    tags: row.tags,
    language: row.language,
    support_level: row.supportLevel,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    revision: row.revision.toString(),
  };
}

/**
 * Feeds `ticket_list` from every ticket event (every event moves `revision` and `updated_at`).
 * A batch reads the rows it touches once, folds its events into them in memory and writes the
 * changed rows back in one upsert, so a batch costs two statements however many events it has.
 */
@Injectable()
@ProjectionDefinition()
export class TicketListProjection implements Projection {
  readonly name = TICKET_LIST_PROJECTION;
  readonly version = 1;
  readonly eventTypes = TICKET_EVENT_TYPES;
  readonly tables = [TICKET_LIST_TABLE];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const ticketEvents = events.map((event) => ({
      event: event as unknown as TicketEvent,
      revision: event.revision,
    }));
    const ids = [...new Set(ticketEvents.map(({ event }) => event.data.ticketId))];
    const stored = await manager.query<StoredRow[]>(SELECT_ROWS, [ids]);
    const rows = new Map(stored.map((row) => [row.id, fromStored(row)]));
    const changed = new Set<string>();
    for (const { event, revision } of ticketEvents) {
      const id = event.data.ticketId;
      const before = rows.get(id);
      const after = applyToListRow(before, event, revision);
      if (after !== undefined && after !== before) {
        rows.set(id, after);
        changed.add(id);
      }
    }
    if (changed.size === 0) return;
    const payload = [...changed].map((id) => toStored(rows.get(id) as TicketListRow));
    await manager.query(UPSERT_ROWS, [JSON.stringify(payload)]);
  }
}
