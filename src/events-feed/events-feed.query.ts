import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/**
 * Query parameters of the event feed. Positions are opaque tokens of the event store adapter, so
 * only their shape is checked here; an adapter that still rejects one becomes a 400 too (see
 * EventsFeedService.assertReadable).
 */

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
export const MAX_POSITION_LENGTH = 128;
export const POSITION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:._/+=-]*$/;
export const MAX_TYPES_LENGTH = 2000;
/** Comma-separated event type names, e.g. `TicketOpened,TicketSolved`. */
export const TYPES_PATTERN = /^[A-Za-z0-9_.:-]+(,[A-Za-z0-9_.:-]+)*$/;
export const MAX_STREAM_PREFIX_LENGTH = 200;
/** A stream name prefix such as `ticket-` (streams are `<category>-<id>`). */
export const STREAM_PREFIX_PATTERN = /^[A-Za-z0-9_.:@-]+$/;

const POSITION_HINT =
  'an opaque position taken from a previous response (`next`, `position` or an SSE `id`)';

/** Filters shared by the page and the stream. */
export class EventsFilterQuery {
  @ApiPropertyOptional({
    description: `Return only events strictly after this position: ${POSITION_HINT}. Omit to start at the beginning of the log.`,
    maxLength: MAX_POSITION_LENGTH,
    pattern: POSITION_PATTERN.source,
    example: '00000000000000000742-0000000000000000042',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_POSITION_LENGTH)
  @Matches(POSITION_PATTERN, { message: `after must be ${POSITION_HINT}` })
  after?: string;

  @ApiPropertyOptional({
    description: 'Comma-separated event types to keep (exact names); omit for every type.',
    maxLength: MAX_TYPES_LENGTH,
    pattern: TYPES_PATTERN.source,
    example: 'TicketOpened,TicketSolved',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TYPES_LENGTH)
  @Matches(TYPES_PATTERN, { message: 'types must be comma-separated event type names' })
  types?: string;

  @ApiPropertyOptional({
    description: 'Keep only events whose stream name starts with this prefix, e.g. `ticket-`.',
    maxLength: MAX_STREAM_PREFIX_LENGTH,
    pattern: STREAM_PREFIX_PATTERN.source,
    example: 'ticket-',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_STREAM_PREFIX_LENGTH)
  @Matches(STREAM_PREFIX_PATTERN, {
    message: 'stream must be a stream name prefix such as ticket-',
  })
  stream?: string;
}

export class EventsPageQuery extends EventsFilterQuery {
  @ApiPropertyOptional({
    description: `How many events to return at most (default ${DEFAULT_PAGE_SIZE}).`,
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

/** The stream takes the same filters; `limit` does not apply to an endless stream. */
export class EventsStreamQuery extends EventsFilterQuery {}
