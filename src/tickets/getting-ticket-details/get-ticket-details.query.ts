import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, ValidateBy } from 'class-validator';
import { MinRevisionQuery } from '../read-consistency';
import { AS_OF_MAX_LENGTH, AS_OF_PATTERN, parseAsOf } from './ticket-as-of';

export class GetTicketDetailsQuery extends MinRevisionQuery {
  @ApiPropertyOptional({
    description:
      'Answer with the ticket exactly as it stood then, folded from its event stream (not the read model): ' +
      'a stream revision (e.g. `3`: the events up to revision 3), or an ISO-8601 date-time with a zone ' +
      '(e.g. `2026-01-05T10:30:00Z`: the events that occurred — `metadata.occurredAt` — up to that instant). ' +
      'The ETag names the revision the answer reflects. 404 when the ticket did not exist yet. ' +
      'Not combinable with `minRevision`.',
    type: 'string',
    maxLength: AS_OF_MAX_LENGTH,
    pattern: AS_OF_PATTERN,
    example: '2026-01-05T10:30:00Z',
  })
  @IsOptional()
  @IsString()
  @ValidateBy({
    name: 'asOf',
    validator: {
      validate: (value: unknown): boolean =>
        typeof value === 'string' && parseAsOf(value) !== undefined,
      defaultMessage: (): string =>
        'asOf must be a stream revision (digits) or an ISO-8601 date-time with a time zone',
    },
  })
  asOf?: string;
}
