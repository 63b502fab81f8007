import { ApiProperty } from '@nestjs/swagger';
import {
  PROJECTION_STATES,
  type ProjectionState,
  type ProjectionStatus,
} from '../projection-status';

export class RebuildProgressResponse {
  @ApiProperty({ example: 3, description: 'The version being built.' })
  version!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 100,
    description: 'Opaque position of the last event applied to the rebuild; null: none yet.',
  })
  position!: string | null;

  @ApiProperty({ type: String, format: 'date-time', maxLength: 30, nullable: true })
  startedAt!: string | null;
}

export class ProjectionStatusResponse {
  @ApiProperty({ example: 'ticket_list', maxLength: 100 })
  name!: string;

  @ApiProperty({ example: 2, description: 'The version the served read model was built by.' })
  version!: number;

  @ApiProperty({
    example: 3,
    description:
      'The version the running code defines; differs from `version` until a rebuild ends.',
  })
  targetVersion!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 100,
    example: '0000000000000042:0000000000001337',
    description: 'Opaque event store position of the last applied event; null: none yet.',
  })
  position!: string | null;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 0,
    description: 'Events of its types in the log not yet applied.',
  })
  lagEvents!: number;

  @ApiProperty({
    example: 0,
    description: 'Age in ms of the oldest unapplied event; 0 when caught up.',
  })
  lagMs!: number;

  @ApiProperty({
    enum: PROJECTION_STATES,
    description:
      'running / catching_up: this instance applies events; rebuilding: a new version is being built while the old one serves; failed: retrying an error (see lastError); standby: another instance runs it; stopped: no instance runs it.',
  })
  state!: ProjectionState;

  @ApiProperty({ type: String, nullable: true, maxLength: 2000 })
  lastError!: string | null;

  @ApiProperty({ type: RebuildProgressResponse, nullable: true })
  rebuild!: RebuildProgressResponse | null;

  @ApiProperty({ description: 'A rebuild was requested and has not started yet.' })
  rebuildRequested!: boolean;

  static from(status: ProjectionStatus): ProjectionStatusResponse {
    return {
      ...status,
      rebuild: status.rebuild && {
        version: status.rebuild.version,
        position: status.rebuild.position,
        startedAt: status.rebuild.startedAt?.toISOString() ?? null,
      },
    };
  }
}

export class ProjectionListResponse {
  @ApiProperty({ type: [ProjectionStatusResponse], maxItems: 1000 })
  items!: ProjectionStatusResponse[];
}

export class RebuildAcceptedResponse {
  @ApiProperty({ example: 'ticket_list', maxLength: 100 })
  name!: string;

  @ApiProperty({ example: 3, description: 'The version that will be built.' })
  version!: number;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  requestedAt!: string;

  @ApiProperty({
    example: '/admin/projections',
    maxLength: 200,
    description: 'Where to follow its progress.',
  })
  status!: string;
}
