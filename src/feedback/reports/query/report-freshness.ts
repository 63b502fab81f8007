import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ProjectionRunner } from '../../../projections/projection-runner';
import { setProjectionLagHeader } from '../../../tickets/read-consistency';

export class ProjectionPositionView {
  @ApiProperty({ description: 'Read model name.', maxLength: 40, example: 'report_ticket_facts' })
  projection!: string;

  @ApiProperty({
    description: 'Last event position the read model reflects (opaque, ordered); null: none yet.',
    type: String,
    nullable: true,
    maxLength: 40,
  })
  position!: string | null;

  @ApiProperty({ description: 'Events of its types not yet applied.', minimum: 0 })
  lagEvents!: number;

  @ApiProperty({
    description: 'Age in ms of the oldest unapplied event; 0 when caught up.',
    minimum: 0,
  })
  lagMs!: number;
}

export interface Freshness {
  /** The position of the first (main) read model; the others are in `projections`. */
  readonly position: string | null;
  readonly lag: { readonly events: number; readonly ms: number };
  readonly projections: readonly ProjectionPositionView[];
}

/** Which event position a report reflects and how far behind the log it is. */
@Injectable()
export class ReportFreshness {
  constructor(
    @Inject(ProjectionRunner) private readonly runner: Pick<ProjectionRunner, 'status'>,
  ) {}

  /**
   * `positions`: what the report's own snapshot read from the checkpoints (so the stated position
   * is exactly what the numbers reflect); the lag comes from the runner's status.
   */
  async of(
    names: readonly string[],
    positions: ReadonlyMap<string, string | null>,
  ): Promise<Freshness> {
    const statuses = await this.runner.status(names);
    const projections = names.map((name) => {
      const status = statuses.find((candidate) => candidate.name === name);
      return {
        projection: name,
        position: positions.get(name) ?? null,
        lagEvents: status?.lagEvents ?? 0,
        lagMs: Math.round(status?.lagMs ?? 0),
      };
    });
    return {
      position: projections[0]?.position ?? null,
      lag: {
        events: projections.reduce((sum, p) => sum + p.lagEvents, 0),
        ms: Math.max(0, ...projections.map((p) => p.lagMs)),
      },
      projections,
    };
  }

  /** Sets X-Projection-Lag from the freshness a report states in its body. */
  static header(reply: FastifyReply, freshness: Freshness): void {
    setProjectionLagHeader(reply, freshness.lag);
  }
}
