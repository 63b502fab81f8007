import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { checkpoints } from '../../../projections/checkpoint-store';
import { SLA_TARGETS } from '../../shared/sla.values';
import { SLA_CYCLES_PROJECTION } from '../cycles-read-model/sla-cycles.projection';
import { isoColumn } from '../shared/report-params';
import { PERIOD_GROUPS, type ReportGroup } from './sla-report.query.dto';
import {
  MAX_LISTED_CYCLES,
  type SlaComplianceFigures,
  type SlaComplianceRow,
  type SlaRunningCycle,
  type SlaRunningCycles,
} from './sla-report.response';

export interface SlaReportRequest {
  /** Normalised ISO instants, from < to. */
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly groupBy: ReportGroup;
  readonly teamId?: string;
  readonly agentId?: string;
  readonly priority?: string;
  readonly channel?: string;
  readonly target?: string;
  readonly atRiskWithinMinutes: number;
  readonly now: Date;
}

export interface SlaReportFigures {
  /** The read model's checkpoint in the same snapshot as the figures. */
  readonly position: string | null;
  readonly totals: SlaComplianceFigures[];
  readonly rows: SlaComplianceRow[];
  readonly atRisk: SlaRunningCycles;
  readonly breachedOpen: SlaRunningCycles;
}

/** PostgreSQL's answer to a zone it does not know (Node's ICU knew it). */
export class ReportTimeZoneUnknownError extends Error {}

/** Grouping columns of the non-period groups. */
const GROUP_COLUMNS: Readonly<
  Record<Exclude<ReportGroup, 'hour' | 'day' | 'week' | 'month'>, string>
> = { team: 'team_id', agent: 'assignee_id', priority: 'priority', channel: 'channel' };

interface RawGroup {
  key: string | null;
  period_start: string | null;
  target: string;
  achieved: string;
  breached: string;
}

interface RawRunning {
  ticket_id: string;
  cycle_id: string;
  target: string;
  due_at: string;
  due_in_seconds: string;
  team_id: string | null;
  assignee_id: string | null;
  priority: string | null;
  channel: string | null;
  total: string;
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function compliance(achieved: number, breached: number): number | null {
  const decided = achieved + breached;
  return decided === 0 ? null : achieved / decided;
}

/**
 * The figures of GET /reports/sla, read from `sla_cycles` in one REPEATABLE READ snapshot together
 * with the projection's checkpoint, so `position` is exactly the log prefix the figures reflect.
 * Aggregation happens in PostgreSQL (GROUP BY, date_trunc in the report's zone); only the grouped
 * rows and at most MAX_LISTED_CYCLES running cycles per list come back.
 */
@Injectable()
export class SlaReportQueries {
  constructor(private readonly dataSource: DataSource) {}

  async report(request: SlaReportRequest): Promise<SlaReportFigures> {
    try {
      return await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
        const checkpoint = await checkpoints.find(manager, SLA_CYCLES_PROJECTION);
        const groups = await this.groups(manager, request);
        const atRisk = await this.running(manager, request, 'atRisk');
        const breachedOpen = await this.running(manager, request, 'breachedOpen');
        return {
          position: checkpoint?.position ?? null,
          totals: totalsOf(groups, request.target),
          rows: groups,
          atRisk,
          breachedOpen,
        };
      });
    } catch (error) {
      // 22023 invalid_parameter_value: "time zone … not recognized".
      if ((error as { code?: string }).code === '22023') throw new ReportTimeZoneUnknownError();
      throw error;
    }
  }

  private filters(request: SlaReportRequest, params: Params): string[] {
    const where: string[] = [];
    if (request.teamId !== undefined) where.push(`team_id = ${params.add(request.teamId)}`);
    if (request.agentId !== undefined) where.push(`assignee_id = ${params.add(request.agentId)}`);
    if (request.priority !== undefined) where.push(`priority = ${params.add(request.priority)}`);
    if (request.channel !== undefined) where.push(`channel = ${params.add(request.channel)}`);
    if (request.target !== undefined) where.push(`target = ${params.add(request.target)}`);
    return where;
  }

  private async groups(
    manager: EntityManager,
    request: SlaReportRequest,
  ): Promise<SlaComplianceRow[]> {
    const params = new Params();
    const where = [
      `decided_at >= ${params.add(request.from)}::timestamptz`,
      `decided_at < ${params.add(request.to)}::timestamptz`,
      `status IN ('achieved', 'breached')`,
      ...this.filters(request, params),
    ];
    let key: string;
    let periodStart: string;
    if (PERIOD_GROUPS.includes(request.groupBy)) {
      // The bucket is truncated on the local wall clock of the zone (week: ISO, from Monday),
      // then turned back into the instant it starts at.
      const zone = params.add(request.timeZone);
      const bucket = `date_trunc('${request.groupBy}', decided_at AT TIME ZONE ${zone})`;
      key = `to_char(${bucket}, 'YYYY-MM-DD"T"HH24:MI:SS')`;
      periodStart = isoColumn(`(${bucket}) AT TIME ZONE ${zone}`, 'period_start');
    } else {
      key = GROUP_COLUMNS[request.groupBy as keyof typeof GROUP_COLUMNS];
      periodStart = 'NULL::text AS period_start';
    }
    const rows: RawGroup[] = await manager.query(
      `SELECT ${key} AS key, ${periodStart}, target,
              count(*) FILTER (WHERE status = 'achieved') AS achieved,
              count(*) FILTER (WHERE status = 'breached') AS breached
       FROM sla_cycles
       WHERE ${where.join(' AND ')}
       GROUP BY 1, 2, target
       ORDER BY 1 NULLS LAST, target`,
      params.values,
    );
    return rows.map((row) => {
      const achieved = Number(row.achieved);
      const breached = Number(row.breached);
      return {
        key: row.key,
        periodStart: row.period_start,
        target: row.target,
        achieved,
        breached,
        compliance: compliance(achieved, breached),
      };
    });
  }

  /**
   * atRisk: running, unpaused cycles due after now and within the window. breachedOpen: cycles
   * still open past their due time, whether or not the timer has recorded the breach yet.
   */
  private async running(
    manager: EntityManager,
    request: SlaReportRequest,
    which: 'atRisk' | 'breachedOpen',
  ): Promise<SlaRunningCycles> {
    const params = new Params();
    const now = `${params.add(request.now.toISOString())}::timestamptz`;
    const where =
      which === 'atRisk'
        ? [
            `ended_at IS NULL`,
            `status = 'active'`,
            `due_at > ${now}`,
            `due_at <= ${now} + make_interval(mins => ${params.add(request.atRiskWithinMinutes)})`,
          ]
        : [`ended_at IS NULL`, `(status = 'breached' OR (status = 'active' AND due_at <= ${now}))`];
    where.push(...this.filters(request, params));
    const rows: RawRunning[] = await manager.query(
      `SELECT ticket_id, cycle_id, target, ${isoColumn('due_at', 'due_at')},
              floor(EXTRACT(EPOCH FROM due_at - ${now}))::bigint AS due_in_seconds,
              team_id, assignee_id, priority, channel, count(*) OVER () AS total
       FROM sla_cycles
       WHERE ${where.join(' AND ')}
       ORDER BY due_at, ticket_id, cycle_id
       LIMIT ${MAX_LISTED_CYCLES}`,
      params.values,
    );
    return {
      total: rows.length === 0 ? 0 : Number(rows[0]?.total),
      items: rows.map((row): SlaRunningCycle => ({
        ticketId: row.ticket_id,
        cycleId: row.cycle_id,
        target: row.target,
        dueAt: row.due_at,
        dueInSeconds: Number(row.due_in_seconds),
        teamId: row.team_id,
        assigneeId: row.assignee_id,
        priority: row.priority,
        channel: row.channel,
      })),
    };
  }
}

/** The period's totals per target: every target (or the filtered one), zero-filled. */
function totalsOf(rows: readonly SlaComplianceRow[], target?: string): SlaComplianceFigures[] {
  const targets = target === undefined ? [...SLA_TARGETS] : [target];
  return targets.map((name) => {
    let achieved = 0;
    let breached = 0;
    for (const row of rows) {
      if (row.target !== name) continue;
      achieved += row.achieved;
      breached += row.breached;
    }
    return { target: name, achieved, breached, compliance: compliance(achieved, breached) };
  });
}
