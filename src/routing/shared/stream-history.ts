import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { EventMetadataView } from '../../events-feed/events-feed.views';

/** History reads of agent and team streams (GET /agents/{id}/history, GET /teams/{id}/history). */

export const DEFAULT_HISTORY_PAGE = 100;
export const MAX_HISTORY_PAGE = 500;

export class HistoryQuery {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    default: 0,
    description: 'First revision to return (0-based); pass the previous page’s `nextRevision`.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  fromRevision?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_HISTORY_PAGE,
    default: DEFAULT_HISTORY_PAGE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_HISTORY_PAGE)
  limit?: number;
}

export class HistoryEventResponse {
  @ApiProperty({ format: 'uuid', maxLength: 36, description: 'Event id.' })
  id!: string;

  @ApiProperty({
    maxLength: 20,
    pattern: '^(0|[1-9][0-9]*)$',
    example: '0',
    description: '0-based revision within the stream, as a decimal string.',
  })
  revision!: string;

  @ApiProperty({ maxLength: 200, pattern: '^\\S+$', example: 'AgentRegistered' })
  type!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event payload; its shape depends on `type` and `metadata.schemaVersion`.',
  })
  data!: Readonly<Record<string, unknown>>;

  @ApiProperty({ type: EventMetadataView, description: 'Who, when, in answer to which request.' })
  metadata!: EventMetadataView;

  @ApiProperty({ format: 'date-time', maxLength: 40, description: 'When the store recorded it.' })
  recordedAt!: string;
}

export class HistoryPageResponse {
  @ApiProperty({ type: [HistoryEventResponse], maxItems: MAX_HISTORY_PAGE })
  items!: HistoryEventResponse[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: 4096,
    format: 'uri-reference',
    description: 'The next page, or null when this page reaches the end of the stream.',
  })
  next!: string | null;
}

/**
 * One page of a stream's events, oldest first; undefined when the stream does not exist (so the
 * caller answers 404).
 */
export async function readHistory(
  eventStore: EventStore,
  streamName: string,
  path: string,
  query: HistoryQuery,
): Promise<HistoryPageResponse | undefined> {
  const from = BigInt(query.fromRevision === undefined ? 0 : Number(query.fromRevision));
  const limit = query.limit === undefined ? DEFAULT_HISTORY_PAGE : Number(query.limit);
  // One more than asked tells whether there is a next page.
  const events = await eventStore.readStream(streamName, {
    fromRevision: from,
    maxCount: limit + 1,
  });
  if (events.length === 0 && (from === 0n || (await streamIsEmpty(eventStore, streamName)))) {
    return undefined;
  }
  const page = events.slice(0, limit);
  const last = page.at(-1);
  const next =
    events.length > limit && last
      ? `${path}?fromRevision=${(last.revision + 1n).toString()}&limit=${limit}`
      : null;
  return { items: page.map(toHistoryEvent), next };
}

async function streamIsEmpty(eventStore: EventStore, streamName: string): Promise<boolean> {
  return (await eventStore.readStream(streamName, { maxCount: 1 })).length === 0;
}

function toHistoryEvent(event: RecordedEvent): HistoryEventResponse {
  return {
    id: event.id,
    revision: event.revision.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}
