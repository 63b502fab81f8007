import { ApiProperty } from '@nestjs/swagger';

export class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ required: false, maxLength: 500, description: 'Why it is down' })
  error?: string;
}

export class ProjectionHealthDto {
  @ApiProperty({ maxLength: 200 })
  name!: string;

  @ApiProperty({ enum: ['ready', 'lagging', 'rebuilding', 'failed', 'standby', 'stopped'] })
  status!: 'ready' | 'lagging' | 'rebuilding' | 'failed' | 'standby' | 'stopped';

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Events not yet applied',
  })
  lagEvents!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Age of the oldest unapplied event',
  })
  lagMs!: number;
}

export class HealthReportDto {
  @ApiProperty({ enum: ['ready', 'degraded', 'unavailable'] })
  status!: 'ready' | 'degraded' | 'unavailable';

  @ApiProperty({ type: ComponentHealthDto })
  database!: ComponentHealthDto;

  @ApiProperty({ type: ComponentHealthDto })
  eventStore!: ComponentHealthDto;

  @ApiProperty({ type: [ProjectionHealthDto], maxItems: 1000 })
  projections!: ProjectionHealthDto[];
}
