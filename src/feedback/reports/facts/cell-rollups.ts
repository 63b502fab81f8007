import type { EntityManager } from 'typeorm';
import { MARGINAL_DIMENSION, NO_TEAM, spansOf } from './group-rollups';
import { TEAM_MEASURES } from './team-measures';

/**
 * Cells: a ticket's channel, type and priority, with (dimension 3) and without (dimension 2) the
 * team of each figure's attribution. Reports filtered or grouped by those dimensions sum the
 * cells that match (query/cell-rollups.ts) instead of a year of fact rows: the duration
 * histograms are kept in report_group_histogram under those dimensions, the counters in
 * report_cell_counts, both per UTC month, quarter and year like the per-team histograms.
 *
 * Keys are `team|channel|type|priority` ('*' for every team in dimension 2, '' for no team):
 * channels, types and priorities are fixed vocabularies and directory ids never hold '|' or '*'
 * (DIRECTORY_ID_PATTERN), so split_part recovers each part.
 */
export const CELL_DIMENSIONS = { allTeams: 2, perTeam: 3, marginal: MARGINAL_DIMENSION } as const;
export type CellDimension = (typeof CELL_DIMENSIONS)[keyof typeof CELL_DIMENSIONS];

export const EVERY_TEAM = '*';

/** The key's parts, 1-based as split_part counts them. */
export const CELL_PARTS = { team: 1, channel: 2, type: 3, priority: 4 } as const;
export type CellPart = keyof typeof CELL_PARTS;

export interface CellOf {
  readonly channel: string;
  readonly type: string;
  readonly priority: string;
}

export function cellKey(team: string, cell: CellOf): string {
  return `${team}|${cell.channel}|${cell.type}|${cell.priority}`;
}

/**
 * The marginals (dimension 5): every ticket of one channel, one type or one priority, whatever
 * its other dimensions and team — `*|email|*|*`, `*|*|question|*`, `*|*|*|high`. Unlike the
 * cells they are kept per UTC day and day block too (spansOf withDay: ~17 keys a day, not ~250),
 * so a request filtered on one dimension groups by day or week from them.
 */
export function marginalKeys(cell: CellOf): string[] {
  const any = EVERY_TEAM;
  return [
    `${any}|${cell.channel}|${any}|${any}`,
    `${any}|${any}|${cell.type}|${any}`,
    `${any}|${any}|${any}|${cell.priority}`,
  ];
}

/** Every cell dimension's keys of a figure attributed to `team` (null: none). */
export function cellKeys(team: string | null, cell: CellOf): [CellDimension, string][] {
  return [
    [CELL_DIMENSIONS.allTeams, cellKey(EVERY_TEAM, cell)],
    [CELL_DIMENSIONS.perTeam, cellKey(team ?? NO_TEAM, cell)],
    ...marginalKeys(cell).map((key): [CellDimension, string] => [CELL_DIMENSIONS.marginal, key]),
  ];
}

/**
 * report_cell_counts measures. 0–9 are the per-team counters of report_team_monthly with the same
 * attribution (TEAM_MEASURES); then CSAT on the survey's sending instant and solving team; then
 * the escalation breakdown of the tickets opened (detail: the reason, or the level reached).
 */
export const CELL_MEASURES = {
  ...TEAM_MEASURES,
  csatSent: 10,
  csatRated: 11,
  csatSatisfied: 12,
  csatScoreSum: 13,
  escalationsByReason: 14,
  ticketsByReason: 15,
  escalationsByLevel: 16,
  ticketsByLevel: 17,
} as const;
export type CellMeasure = (typeof CELL_MEASURES)[keyof typeof CELL_MEASURES];

interface CountDelta {
  dim: number;
  span: number;
  start: string;
  measure: number;
  key: string;
  detail: string;
  n: number;
}

/** Collects a batch's changes to report_cell_counts, then applies them in one upsert. */
export class CellCountDeltas {
  private readonly rows = new Map<string, CountDelta>();

  add(
    measure: CellMeasure,
    at: Date | string,
    team: string | null,
    cell: CellOf,
    n: number,
    detail = '',
  ): void {
    if (n === 0) return;
    for (const [dim, key] of cellKeys(team, cell)) {
      for (const [span, start] of spansOf(at, dim === CELL_DIMENSIONS.marginal)) {
        const id = `${dim}|${span}|${start}|${measure}|${key}|${detail}`;
        const row = this.rows.get(id) ?? { dim, span, start, measure, key, detail, n: 0 };
        row.n += n;
        this.rows.set(id, row);
      }
    }
  }

  async apply(manager: EntityManager): Promise<void> {
    const changed = [...this.rows.values()].filter((row) => row.n !== 0);
    if (changed.length === 0) return;
    await manager.query(
      `INSERT INTO report_cell_counts AS c (dim, span, start, measure, key, detail, n)
       SELECT dim, span, start, measure, key, detail, n FROM jsonb_to_recordset($1::jsonb)
         AS r(dim smallint, span smallint, start date, measure smallint, key text, detail text,
              n bigint)
       ON CONFLICT (dim, span, start, measure, key, detail) DO UPDATE SET n = c.n + EXCLUDED.n`,
      [JSON.stringify(changed)],
    );
  }
}
