import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../../auth/principal';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import { reportCriteriaOf, type ReportCriteria } from './report-criteria';
import { ReportFreshness } from './report-freshness';
import type { GroupBy, ReportQuery } from './report.query.dto';
import { ReportSnapshot, type Run } from './report-snapshot';
import { metaOf, type ReportMetaView } from './report.views';

export interface ReportSpec<T> {
  /** The read models the report reads; the first one's position is the report's `position`. */
  readonly projections: readonly string[];
  readonly allowedGroupBys?: readonly GroupBy[];
  readonly build: (run: Run, criteria: ReportCriteria, principal: Principal) => Promise<T>;
}

/** The common path of every report: criteria, one consistent snapshot, freshness, lag header. */
@Injectable()
export class ReportExecutor {
  constructor(
    private readonly snapshot: ReportSnapshot,
    private readonly freshness: ReportFreshness,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute<T>(
    spec: ReportSpec<T>,
    query: ReportQuery,
    principal: Principal,
    reply: FastifyReply,
  ): Promise<ReportMetaView & T> {
    const criteria = reportCriteriaOf(
      query,
      principal,
      this.clock.now().getTime(),
      spec.allowedGroupBys,
    );
    const { result, positions } = await this.snapshot.read(spec.projections, (run) =>
      spec.build(run, criteria, principal),
    );
    const freshness = await this.freshness.of(spec.projections, positions);
    ReportFreshness.header(reply, freshness);
    return { ...metaOf(criteria, freshness), ...result };
  }
}
