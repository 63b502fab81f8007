import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_ID_MAX_LENGTH, CUSTOMER_ID_PATTERN } from '../customers/customer.events';
import {
  CHANNELS,
  CUSTOMER_TIERS,
  DEFAULT_PRIORITY,
  PRIORITIES,
  TICKET_TYPES,
  type Channel,
  type CustomerTier,
  type Priority,
  type TicketType,
} from '../ticket.values';

export const SUBJECT_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 20_000;
export const MAX_TAGS = 20;
export const TAG_MAX_LENGTH = 50;
/** BCP 47 language tag, e.g. `en`, `pt-BR`, `zh-Hans-CN`. */
export const LANGUAGE_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;
export const PHONE_PATTERN = /^\+?[0-9][0-9 ().-]{2,31}$/;
/** An ISO-8601 date-time with a time zone (`Z` or an offset): a bare local time is ambiguous. */
const ZONED_DATE_TIME = /(?:Z|[+-]\d{2}:?\d{2})$/;
const NOT_BLANK = /\S/;

export class OpenTicketCustomerDto {
  @ApiProperty({
    description: "The customer's id in the channel or CRM; the customer record is kept under it.",
    example: 'crm-104233',
    pattern: CUSTOMER_ID_PATTERN.source,
    maxLength: CUSTOMER_ID_MAX_LENGTH,
  })
  @IsString()
  @Matches(CUSTOMER_ID_PATTERN, {
    message: 'customer id must be 1-128 letters, digits or ._:@- and start with a letter or digit',
  })
  id!: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 200, pattern: '\\S' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'email',
    maxLength: 254,
    example: 'ada@example.com',
    description: 'Absent or null: the customer record keeps the e-mail it has.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 32,
    pattern: PHONE_PATTERN.source,
    example: '+44 20 7946 0958',
    description: 'Absent or null: the customer record keeps the phone number it has.',
  })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, {
    message: 'phone must be 3-32 digits, spaces or ().- with an optional +',
  })
  phone?: string | null;

  @ApiProperty({ enum: CUSTOMER_TIERS, example: 'standard' })
  @IsIn(CUSTOMER_TIERS)
  tier!: CustomerTier;
}

export class OpenTicketRequest {
  @ApiProperty({
    enum: CHANNELS,
    example: 'email',
    description: 'Where the request came in; reports are cut by it.',
  })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({
    example: 'Cannot log in since the update',
    minLength: 1,
    maxLength: SUBJECT_MAX_LENGTH,
    pattern: '\\S',
  })
  @IsString()
  @Length(1, SUBJECT_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'subject must not be blank' })
  subject!: string;

  @ApiProperty({
    example: 'After installing 4.2 the app says my password is wrong.',
    maxLength: DESCRIPTION_MAX_LENGTH,
  })
  @IsString()
  @MaxLength(DESCRIPTION_MAX_LENGTH)
  description!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    maxLength: 35,
    example: '2026-01-05T08:57:12Z',
    description:
      'When the channel received the request (e.g. the e-mail’s date); first response time is ' +
      'measured from it. Not in the future. Defaults to the time the ticket is opened.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(35)
  @IsISO8601({ strict: true })
  @Matches(ZONED_DATE_TIME, { message: 'receivedAt must carry a time zone (Z or an offset)' })
  receivedAt?: string;

  @ApiProperty({ type: OpenTicketCustomerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => OpenTicketCustomerDto)
  customer!: OpenTicketCustomerDto;

  @ApiProperty({ enum: TICKET_TYPES, example: 'incident' })
  @IsIn(TICKET_TYPES)
  type!: TicketType;

  @ApiPropertyOptional({ enum: PRIORITIES, default: DEFAULT_PRIORITY })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_TAGS,
    example: ['login', 'mobile'],
    description: `Up to ${MAX_TAGS} tags of 1-${TAG_MAX_LENGTH} characters; stored trimmed, lower-cased and de-duplicated.`,
    items: { type: 'string', minLength: 1, maxLength: TAG_MAX_LENGTH, pattern: '\\S' },
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @Length(1, TAG_MAX_LENGTH, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'tags must not be blank' })
  tags?: string[];

  @ApiProperty({
    example: 'en',
    maxLength: 35,
    pattern: LANGUAGE_PATTERN.source,
    description: 'The language the customer wrote in, as a BCP 47 tag.',
  })
  @IsString()
  @MaxLength(35)
  @Matches(LANGUAGE_PATTERN, { message: 'language must be a BCP 47 tag such as en or pt-BR' })
  language!: string;
}
