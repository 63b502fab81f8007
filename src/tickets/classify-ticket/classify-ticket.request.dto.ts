import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { MAX_TAGS, TAG_MAX_LENGTH } from '../open-ticket/open-ticket.request.dto';
import { TICKET_TYPES, type TicketType } from '../ticket.values';

export const PRODUCT_AREA_MAX_LENGTH = 100;
const NOT_BLANK = /\S/;

/** Each given field replaces the current one; give at least one. */
export class ClassifyTicketRequest {
  @ApiPropertyOptional({ enum: TICKET_TYPES, example: 'problem' })
  @IsOptional()
  @IsIn(TICKET_TYPES)
  type?: TicketType;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: TAG_MAX_LENGTH, pattern: '\\S' },
    maxItems: MAX_TAGS,
    example: ['login', 'sso'],
    description: 'Replaces every tag; stored trimmed, lower-cased, de-duplicated and sorted.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @Length(1, TAG_MAX_LENGTH, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'tags must not be blank' })
  tags?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: PRODUCT_AREA_MAX_LENGTH,
    pattern: '\\S',
    example: 'billing',
    description: 'The product area; `null` clears it.',
  })
  @IsOptional()
  @IsString()
  @Length(1, PRODUCT_AREA_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'productArea must not be blank; send null to clear it' })
  productArea?: string | null;
}
