/** Response bodies of the work-queue reads (OpenAPI schemas). */
import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, PRIORITIES, TICKET_STATUSES } from '../../tickets/ticket.values';
import { AVAILABILITIES, MAX_CAPACITY } from '../directory.values';
import { QUEUE_STATUSES, type CountCell } from './queue-read-model/queue.queries';

export const MAX_QUEUE_PAGE = 100;
export const DEFAULT_QUEUE_PAGE = 25;
/**
 * Documented ceiling of GET /queues `teams` (every team, one response). The directory does not cap
 * the number of teams; this is far above any deployment the single-response overview is built for.
 */
export const MAX_QUEUE_OVERVIEW_TEAMS = 10_000;

/** Ticket counts: sums of per-cell counters in JS numbers. */
const COUNT = {
  type: 'integer',
  format: 'int64',
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
} as const;
/** Read with `count(*)::int` / `sum(…)::int` or from an `integer` column. */
const INT32_COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 } as const;
/** Whole seconds since an instant (never negative, see ageSeconds). */
const AGE_SECONDS = {
  type: 'integer',
  format: 'int64',
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
} as const;
/** A capacity or what is left of one: 0..MAX_CAPACITY (directory.rules.ts). */
const CAPACITY = { type: 'integer', format: 'int32', minimum: 0, maximum: MAX_CAPACITY } as const;
const DATE_TIME = { format: 'date-time', maxLength: 30 } as const;

export class StatusCounts {
  @ApiProperty(COUNT) new!: number;
  @ApiProperty(COUNT) open!: number;
  @ApiProperty(COUNT) pending!: number;
  @ApiProperty(COUNT) on_hold!: number;
}

export class PriorityCounts {
  @ApiProperty(COUNT) low!: number;
  @ApiProperty(COUNT) normal!: number;
  @ApiProperty(COUNT) high!: number;
  @ApiProperty(COUNT) urgent!: number;
}

export class QueueCounts {
  @ApiProperty({ ...COUNT, description: 'Unsolved tickets (new, open, pending, on hold).' })
  total!: number;
  @ApiProperty({ ...COUNT, description: 'Unsolved tickets no agent has.' })
  unassigned!: number;
  @ApiProperty({ ...COUNT, description: 'New or open and unassigned: the queue.' })
  waiting!: number;
  @ApiProperty({ type: StatusCounts }) byStatus!: StatusCounts;
  @ApiProperty({ type: PriorityCounts }) byPriority!: PriorityCounts;
}

export class TeamQueueSummary {
  @ApiProperty({ maxLength: 128 }) teamId!: string;
  @ApiProperty({ maxLength: 200 }) name!: string;
  @ApiProperty({ enum: ['active', 'deactivated'] }) status!: 'active' | 'deactivated';
  @ApiProperty({ type: QueueCounts }) counts!: QueueCounts;
  @ApiProperty({
    ...AGE_SECONDS,
    nullable: true,
    description: 'Seconds since the oldest waiting ticket was opened (null: nobody waits).',
  })
  oldestWaitingAgeSeconds!: number | null;
  @ApiProperty({
    ...INT32_COUNT,
    description: 'Unsolved tickets whose next SLA due time is within 30 minutes or already past.',
  })
  breachingWithin30Minutes!: number;
  @ApiProperty({ ...INT32_COUNT, description: 'Active members who are online.' })
  agentsOnline!: number;
  @ApiProperty({
    ...INT32_COUNT,
    description:
      'Sum over online members of capacity minus their open assigned tickets (an agent over capacity counts 0).',
  })
  freeCapacity!: number;
}

export class QueueOverviewResponse {
  @ApiProperty({
    ...DATE_TIME,
    description: 'The instant ages and the 30-minute window are measured from.',
  })
  asOf!: string;
  @ApiProperty({
    type: [TeamQueueSummary],
    maxItems: MAX_QUEUE_OVERVIEW_TEAMS,
    description: 'Every team, by name.',
  })
  teams!: TeamQueueSummary[];
  @ApiProperty({ type: QueueCounts, description: 'Unsolved tickets not routed to any team yet.' })
  unrouted!: QueueCounts;
}

export class QueueTicketItem {
  @ApiProperty({ maxLength: 128 }) ticketId!: string;
  @ApiProperty({ type: 'string', nullable: true, maxLength: 128 }) teamId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, maxLength: 128 }) assigneeId!: string | null;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: string;
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ enum: ['standard', 'premium', 'vip'] }) customerTier!: string;
  @ApiProperty({
    type: 'string',
    ...DATE_TIME,
    nullable: true,
    description:
      'Earliest due time of its running SLA cycles; null: no running SLA clock (sorted last).',
  })
  nextDueAt!: string | null;
  @ApiProperty(DATE_TIME) openedAt!: string;
  @ApiProperty({ ...AGE_SECONDS, description: 'Seconds since it was opened.' })
  ageSeconds!: number;
}

export class QueuePageLinks {
  @ApiProperty({ type: 'string', nullable: true, format: 'uri-reference', maxLength: 1000 })
  next!: string | null;
}

export class QueueTicketPage {
  @ApiProperty({ type: [QueueTicketItem], maxItems: MAX_QUEUE_PAGE })
  items!: QueueTicketItem[];
  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: 400,
    description: 'Cursor of the next page (pass as `cursor`); null on the last page.',
  })
  next!: string | null;
  @ApiProperty({ type: QueuePageLinks }) links!: QueuePageLinks;
}

export class AgentCapacityView {
  @ApiProperty(CAPACITY) max!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: CAPACITY,
    description: 'Tighter caps per channel.',
  })
  perChannel!: Record<string, number>;
}

export class AgentLoadResponse {
  @ApiProperty({ maxLength: 128 }) agentId!: string;
  @ApiProperty({ enum: AVAILABILITIES }) availability!: string;
  @ApiProperty({ enum: ['active', 'deactivated'] }) status!: string;
  @ApiProperty({ ...COUNT, description: 'Unsolved tickets assigned to the agent.' })
  openAssigned!: number;
  @ApiProperty({ type: 'object', additionalProperties: INT32_COUNT })
  openByChannel!: Record<string, number>;
  @ApiProperty({ type: AgentCapacityView }) capacity!: AgentCapacityView;
  @ApiProperty({ ...CAPACITY, description: 'max − open assigned, at least 0.' })
  freeCapacity!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: CAPACITY,
    description: 'Per capped channel: its cap − its open tickets, never more than freeCapacity.',
  })
  freeByChannel!: Record<string, number>;
}

export function countsOf(cells: readonly CountCell[]): QueueCounts {
  const byStatus = Object.fromEntries(QUEUE_STATUSES.map((s) => [s, 0])) as unknown as StatusCounts;
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as unknown as PriorityCounts;
  let total = 0;
  let unassigned = 0;
  let waiting = 0;
  for (const cell of cells) {
    if (!(QUEUE_STATUSES as readonly string[]).includes(cell.status)) continue;
    byStatus[cell.status as keyof StatusCounts] += cell.tickets;
    byPriority[cell.priority] += cell.tickets;
    total += cell.tickets;
    if (!cell.assigned) {
      unassigned += cell.tickets;
      if (cell.status === 'new' || cell.status === 'open') waiting += cell.tickets;
    }
  }
  return { total, unassigned, waiting, byStatus, byPriority };
}
