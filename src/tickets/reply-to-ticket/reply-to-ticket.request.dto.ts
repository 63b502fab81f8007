import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { CUSTOMER_ID_MAX_LENGTH, CUSTOMER_ID_PATTERN } from '../customers/customer.events';
import { AUTHOR_KINDS, type AuthorKind } from '../ticket.values';

/** A reply's body becomes a follow-up ticket's description, so it has the description's bound. */
export const MESSAGE_BODY_MAX_LENGTH = 20_000;
export const NOT_BLANK = /\S/;
/** Bots and macros: `bot-<name>` or `macro-<name>`, so reports can tell them from people. */
export const AUTOMATED_SENDER_PATTERN = /^(?:bot|macro)-[A-Za-z0-9._:@-]{1,120}$/;

export class ReplyAuthorRequest {
  @ApiProperty({
    enum: AUTHOR_KINDS,
    example: 'customer',
    description:
      '`agent`: a human agent (only this kind counts as a response in reports and SLAs); ' +
      '`customer`: the customer wrote it (relayed by staff, e.g. a phone call or an e-mail); ' +
      '`automated`: a bot or a macro.',
  })
  @IsIn(AUTHOR_KINDS)
  kind!: AuthorKind;

  @ApiPropertyOptional({
    description:
      '`agent`: must be the caller’s own principal id (default). `customer`: the customer’s id ' +
      '(default: the ticket’s customer). `automated`: required, `bot-<name>` or `macro-<name>`.',
    example: 'crm-104233',
    pattern: CUSTOMER_ID_PATTERN.source,
    maxLength: CUSTOMER_ID_MAX_LENGTH,
  })
  @ValidateIf(
    (author: ReplyAuthorRequest) => author.kind === 'automated' || author.id !== undefined,
  )
  @IsDefined({ message: 'id is required for an automated author (bot-<name> or macro-<name>)' })
  @IsString()
  @Matches(CUSTOMER_ID_PATTERN, {
    message: 'id must be 1-128 letters, digits or ._:@- and start with a letter or digit',
  })
  @ValidateBy({
    name: 'automatedSenderId',
    validator: {
      validate: (value: unknown, args?: ValidationArguments): boolean =>
        (args?.object as ReplyAuthorRequest | undefined)?.kind !== 'automated' ||
        (typeof value === 'string' && AUTOMATED_SENDER_PATTERN.test(value)),
      defaultMessage: (): string => 'an automated author id must be bot-<name> or macro-<name>',
    },
  })
  id?: string;
}

export class ReplyToTicketRequest {
  @ApiProperty({
    description: 'The public message; the customer sees it.',
    example: 'Thanks for the details: a fix is on its way, you will have it by tomorrow.',
    minLength: 1,
    maxLength: MESSAGE_BODY_MAX_LENGTH,
    pattern: NOT_BLANK.source,
  })
  @IsString()
  @Length(1, MESSAGE_BODY_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  body!: string;

  @ApiPropertyOptional({
    type: ReplyAuthorRequest,
    description: 'Who wrote the message. Absent: the caller, as a human agent.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReplyAuthorRequest)
  author?: ReplyAuthorRequest;
}
