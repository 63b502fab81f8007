import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, PRIORITIES } from '../../../tickets/ticket.values';
import { MAX_DURATION_SECONDS, SLA_TARGETS } from '../../shared/sla.values';

export class SlaBreachResponse {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  ticketId!: string;

  @ApiProperty({ example: 'firstResponse-1', maxLength: 64, description: '`<target>-<n>`.' })
  cycleId!: string;

  @ApiProperty({ enum: SLA_TARGETS })
  target!: string;

  @ApiProperty({ maxLength: 128 })
  policyId!: string;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647 })
  policyVersion!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: MAX_DURATION_SECONDS,
    description: 'The target, in business seconds of the policy calendar.',
  })
  targetSeconds!: number;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  startedAt!: string;

  @ApiProperty({
    format: 'date-time',
    maxLength: 30,
    description: 'The due time the cycle missed.',
  })
  dueAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30, description: 'The breach instant (= dueAt).' })
  breachedAt!: string;

  @ApiProperty({
    format: 'date-time',
    maxLength: 30,
    nullable: true,
    type: String,
    description: 'When the cycle ended (answered, solved, or cancelled); null while still open.',
  })
  endedAt!: string | null;

  @ApiProperty({ description: 'Still unanswered: the overdue time keeps growing.' })
  ongoing!: boolean;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description:
      'By how much, in calendar seconds: due → end, or due → now (server clock) while ongoing.',
  })
  overdueSeconds!: number;

  @ApiProperty({ maxLength: 128, nullable: true, type: String, description: 'Team at the breach.' })
  teamId!: string | null;

  @ApiProperty({
    maxLength: 128,
    nullable: true,
    type: String,
    description: 'Assignee at the breach.',
  })
  assigneeId!: string | null;

  @ApiProperty({ enum: PRIORITIES, nullable: true, type: String, description: 'At the breach.' })
  priority!: string | null;

  @ApiProperty({ enum: CHANNELS, nullable: true, type: String })
  channel!: string | null;
}

export class SlaBreachPageResponse {
  @ApiProperty({ type: [SlaBreachResponse], maxItems: 200 })
  items!: SlaBreachResponse[];

  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: 4000,
    description: 'Relative link to the next page (same filters), or null on the last page.',
  })
  next!: string | null;
}
