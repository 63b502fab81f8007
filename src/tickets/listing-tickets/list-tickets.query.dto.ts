import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { CHANNELS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../ticket.values';
import {
  DEFAULT_LIST_LIMIT,
  DEFAULT_LIST_SORT,
  DEFAULT_SORT_ORDER,
  LIST_SORTS,
  MAX_LIST_LIMIT,
  SORT_ORDERS,
  type ListSort,
  type SortOrder,
} from './ticket-list.criteria';
import { CURSOR_PATTERN, MAX_CURSOR_LENGTH } from './ticket-list.cursor';

/**
 * Query parameters of `GET /tickets`. Several values of one filter are comma-separated
 * (`status=open,pending`) and mean "any of"; different filters combine with AND. A parameter
 * given twice, an unknown parameter or a value out of its set is a 400 naming the field.
 */

/** How many values one id or tag filter may list. */
export const MAX_FILTER_VALUES = 20;
export const UNASSIGNED = 'unassigned';

const ID = '[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}';
const TAG = '[^,\\x00-\\x1f\\x7f]{1,100}';
const MAX_ID_LIST_LENGTH = MAX_FILTER_VALUES * 129;
const MAX_TAG_LIST_LENGTH = MAX_FILTER_VALUES * 101;

function csvOf(item: string, max = MAX_FILTER_VALUES): RegExp {
  return new RegExp(`^${item}(?:,${item}){0,${max - 1}}$`);
}

function enumCsv(values: readonly string[]): RegExp {
  return csvOf(`(?:${values.join('|')})`, values.length);
}

function enumListLength(values: readonly string[]): number {
  return values.join(',').length;
}

export const STATUS_LIST = enumCsv(TICKET_STATUSES);
export const PRIORITY_LIST = enumCsv(PRIORITIES);
export const TYPE_LIST = enumCsv(TICKET_TYPES);
export const CHANNEL_LIST = enumCsv(CHANNELS);
export const ID_LIST = csvOf(ID);
export const TAG_LIST = csvOf(TAG);
/** A calendar date (midnight UTC) or a date-time with `Z` or an offset. */
export const INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const INSTANT_MESSAGE = (field: string): string =>
  `${field} must be a date (2026-01-31) or a date-time with a time zone (2026-01-31T09:00:00Z)`;
/** Printable text; no control characters. */
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const TEXT = /^[^\x00-\x1f\x7f]+$/;

function listMessage(field: string, values: readonly string[]): string {
  return `${field} must be one or more of ${values.join(', ')}, comma-separated`;
}

const ONCE = 'given once; separate several values with commas';

interface CsvFilterOptions {
  readonly description: string;
  readonly pattern: RegExp;
  readonly maxLength: number;
  /** The 400 message when the value does not match `pattern`. */
  readonly message: string;
  readonly example?: string;
}

/**
 * One comma-separated filter parameter: documented and validated the same way everywhere
 * (given once, bounded length, every value from its set or shape). Applied in the order stacked
 * decorators would run (bottom first), so validation messages come out as before.
 */
function CsvFilter(field: string, options: CsvFilterOptions): PropertyDecorator {
  return applyDecorators(
    Matches(options.pattern, { message: options.message }),
    MaxLength(options.maxLength),
    IsString({ message: `${field} must be ${ONCE}` }),
    IsOptional(),
    ApiPropertyOptional({
      description: options.description,
      pattern: options.pattern.source,
      maxLength: options.maxLength,
      ...(options.example === undefined ? {} : { example: options.example }),
    }),
  );
}

function EnumCsvFilter(
  field: string,
  what: string,
  values: readonly string[],
  pattern: RegExp,
  example: string,
): PropertyDecorator {
  return CsvFilter(field, {
    description: `${what}, comma-separated: any of ${values.join(', ')}.`,
    pattern,
    maxLength: enumListLength(values),
    message: listMessage(field, values),
    example,
  });
}

export class ListTicketsQuery {
  @EnumCsvFilter('status', 'Statuses', TICKET_STATUSES, STATUS_LIST, 'open,pending')
  status?: string;

  @EnumCsvFilter('priority', 'Priorities', PRIORITIES, PRIORITY_LIST, 'high,urgent')
  priority?: string;

  @EnumCsvFilter('type', 'Request types', TICKET_TYPES, TYPE_LIST, 'incident')
  type?: string;

  @EnumCsvFilter('channel', 'Channels', CHANNELS, CHANNEL_LIST, 'email,chat')
  channel?: string;

  @CsvFilter('team', {
    description: `Team ids, comma-separated (at most ${MAX_FILTER_VALUES}).`,
    pattern: ID_LIST,
    maxLength: MAX_ID_LIST_LENGTH,
    message: `team must be up to ${MAX_FILTER_VALUES} team ids, comma-separated`,
  })
  team?: string;

  @CsvFilter('assignee', {
    description: `Agent ids, comma-separated (at most ${MAX_FILTER_VALUES}); \`${UNASSIGNED}\` stands for tickets without an agent and may be combined with ids.`,
    pattern: ID_LIST,
    maxLength: MAX_ID_LIST_LENGTH,
    message: `assignee must be up to ${MAX_FILTER_VALUES} agent ids or ${UNASSIGNED}, comma-separated`,
    example: UNASSIGNED,
  })
  assignee?: string;

  @CsvFilter('customer', {
    description: `Customer ids, comma-separated (at most ${MAX_FILTER_VALUES}).`,
    pattern: ID_LIST,
    maxLength: MAX_ID_LIST_LENGTH,
    message: `customer must be up to ${MAX_FILTER_VALUES} customer ids, comma-separated`,
  })
  customer?: string;

  @CsvFilter('tag', {
    description: `Tags, comma-separated (at most ${MAX_FILTER_VALUES}, case-insensitive): tickets carrying any of them.`,
    pattern: TAG_LIST,
    maxLength: MAX_TAG_LIST_LENGTH,
    message: `tag must be up to ${MAX_FILTER_VALUES} tags of 1-100 characters, comma-separated`,
    example: 'billing,vip',
  })
  tag?: string;

  @ApiPropertyOptional({
    description: 'Opened at or after this instant (a bare date is midnight UTC).',
    format: 'date-time',
    pattern: INSTANT.source,
    maxLength: 40,
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(INSTANT, { message: INSTANT_MESSAGE('createdFrom') })
  @IsISO8601({ strict: true }, { message: 'createdFrom is not a valid date' })
  createdFrom?: string;

  @ApiPropertyOptional({
    description: 'Opened before this instant (exclusive).',
    format: 'date-time',
    pattern: INSTANT.source,
    maxLength: 40,
    example: '2026-02-01T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(INSTANT, { message: INSTANT_MESSAGE('createdTo') })
  @IsISO8601({ strict: true }, { message: 'createdTo is not a valid date' })
  createdTo?: string;

  @ApiPropertyOptional({
    description: 'Last changed at or after this instant.',
    format: 'date-time',
    pattern: INSTANT.source,
    maxLength: 40,
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(INSTANT, { message: INSTANT_MESSAGE('updatedFrom') })
  @IsISO8601({ strict: true }, { message: 'updatedFrom is not a valid date' })
  updatedFrom?: string;

  @ApiPropertyOptional({
    description: 'Last changed before this instant (exclusive).',
    format: 'date-time',
    pattern: INSTANT.source,
    maxLength: 40,
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(INSTANT, { message: INSTANT_MESSAGE('updatedTo') })
  @IsISO8601({ strict: true }, { message: 'updatedTo is not a valid date' })
  updatedTo?: string;

  @ApiPropertyOptional({
    description:
      'Free text: tickets whose subject contains it, ignoring case (trigram-indexed, so at least 3 characters).',
    minLength: 3,
    maxLength: 200,
    pattern: TEXT.source,
    example: 'invoice',
  })
  @IsOptional()
  @IsString({ message: `q must be ${ONCE}` })
  @MinLength(3)
  @MaxLength(200)
  @Matches(TEXT, { message: 'q must not contain control characters' })
  q?: string;

  @ApiPropertyOptional({
    description: 'Sort by opening time, last change, or priority (then opening time); ties by id.',
    enum: LIST_SORTS,
    default: DEFAULT_LIST_SORT,
  })
  @IsOptional()
  @IsIn(LIST_SORTS, { message: `sort must be one of ${LIST_SORTS.join(', ')}` })
  sort?: ListSort;

  @ApiPropertyOptional({
    description: '`desc`: newest (or most urgent) first.',
    enum: SORT_ORDERS,
    default: DEFAULT_SORT_ORDER,
  })
  @IsOptional()
  @IsIn(SORT_ORDERS, { message: `order must be one of ${SORT_ORDERS.join(', ')}` })
  order?: SortOrder;

  @ApiPropertyOptional({
    description: `Page size (default ${DEFAULT_LIST_LIMIT}).`,
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_LIST_LIMIT,
    default: DEFAULT_LIST_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_LIST_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'Opaque: the `next` of the previous page. Send it with the same `sort` and `order` (filters may change).',
    pattern: CURSOR_PATTERN.source,
    maxLength: MAX_CURSOR_LENGTH,
  })
  @IsOptional()
  @IsString({ message: `cursor must be ${ONCE}` })
  @MaxLength(MAX_CURSOR_LENGTH)
  @Matches(CURSOR_PATTERN, { message: 'cursor must be the `next` of a previous page' })
  cursor?: string;
}
