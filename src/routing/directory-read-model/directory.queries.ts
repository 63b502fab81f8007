import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AssignmentStrategy, Availability, Capacity, Skill } from '../directory.values';
import { decodeCursor, encodeCursor } from '../shared/page-cursor';

/** Reads of the directory read model (DirectoryProjection's tables). */

export interface AgentRow {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly languages: readonly string[];
  readonly skills: readonly Skill[];
  readonly teamIds: readonly string[];
  readonly capacity: Capacity;
  readonly supportLevel: number;
  readonly active: boolean;
  readonly availability: Availability;
  readonly revision: bigint;
  readonly registeredAt: string;
  readonly updatedAt: string;
}

export interface TeamRow {
  readonly id: string;
  readonly name: string;
  readonly strategy: AssignmentStrategy;
  readonly defaultSkills: readonly Skill[];
  readonly escalationTeamId: string | null;
  readonly requeueUnansweredOnOffline: boolean;
  readonly active: boolean;
  readonly revision: bigint;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly memberCount: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor of the next page, or null on the last one. */
  readonly nextCursor: string | null;
}

export interface AgentFilter {
  readonly teamId?: string;
  readonly status?: 'active' | 'deactivated';
  readonly availability?: Availability;
  readonly skill?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface TeamFilter {
  readonly status?: 'active' | 'deactivated';
  readonly limit: number;
  readonly cursor?: string;
}

interface RawAgentRow {
  agent_id: string;
  name: string;
  email: string;
  languages: string[];
  skills: Skill[];
  team_ids: string[];
  capacity: Capacity;
  support_level: number;
  status: 'active' | 'deactivated';
  availability: Availability;
  revision: string;
  registered_at: Date;
  updated_at: Date;
}

interface RawTeamRow {
  team_id: string;
  name: string;
  strategy: AssignmentStrategy;
  default_skills: Skill[];
  escalation_team_id: string | null;
  requeue_unanswered_on_offline: boolean;
  status: 'active' | 'deactivated';
  revision: string;
  created_at: Date;
  updated_at: Date;
  member_count: string;
}

@Injectable()
export class DirectoryQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Agents oldest first by (registered_at, id): a keyset, stable while agents are added. */
  async agents(filter: AgentFilter): Promise<Page<AgentRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.teamId !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM directory_agent_teams m
                 WHERE m.team_id = ${param(filter.teamId)} AND m.agent_id = a.agent_id)`,
      );
    }
    if (filter.status !== undefined) where.push(`a.status = ${param(filter.status)}`);
    if (filter.availability !== undefined) {
      where.push(`a.availability = ${param(filter.availability)}`);
    }
    if (filter.skill !== undefined) {
      where.push(`a.skills @> ${param(JSON.stringify([{ skill: filter.skill }]))}::jsonb`);
    }
    if (filter.cursor !== undefined) {
      const after = decodeCursor(filter.cursor);
      where.push(`(a.registered_at, a.agent_id) > (${param(after.at)}, ${param(after.id)})`);
    }
    const rows: RawAgentRow[] = await this.dataSource.query(
      `SELECT a.* FROM directory_agents a
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.registered_at, a.agent_id
       LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map(toAgentRow),
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor({ at: last.registered_at.toISOString(), id: last.agent_id })
          : null,
    };
  }

  async teams(filter: TeamFilter): Promise<Page<TeamRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.status !== undefined) where.push(`t.status = ${param(filter.status)}`);
    if (filter.cursor !== undefined) {
      const after = decodeCursor(filter.cursor);
      where.push(`(t.created_at, t.team_id) > (${param(after.at)}, ${param(after.id)})`);
    }
    const rows: RawTeamRow[] = await this.dataSource.query(
      `SELECT t.*, (SELECT count(*) FROM directory_agent_teams m WHERE m.team_id = t.team_id)
                   AS member_count
       FROM directory_teams t
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY t.created_at, t.team_id
       LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map(toTeamRow),
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor({ at: last.created_at.toISOString(), id: last.team_id })
          : null,
    };
  }

  /** A team's members as the read model knows them (sorted by id), at most `limit`, and the count. */
  async members(teamId: string, limit: number): Promise<{ ids: string[]; count: number }> {
    const rows: { agent_id: string; total: string }[] = await this.dataSource.query(
      `SELECT agent_id, count(*) OVER () AS total FROM directory_agent_teams
       WHERE team_id = $1 ORDER BY agent_id LIMIT $2`,
      [teamId, limit],
    );
    return { ids: rows.map((row) => row.agent_id), count: Number(rows[0]?.total ?? 0) };
  }
}

function toAgentRow(row: RawAgentRow): AgentRow {
  return {
    id: row.agent_id,
    name: row.name,
    email: row.email,
    languages: row.languages,
    skills: row.skills,
    teamIds: row.team_ids,
    capacity: row.capacity,
    supportLevel: row.support_level,
    active: row.status === 'active',
    availability: row.availability,
    revision: BigInt(row.revision),
    registeredAt: row.registered_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toTeamRow(row: RawTeamRow): TeamRow {
  return {
    id: row.team_id,
    name: row.name,
    strategy: row.strategy,
    defaultSkills: row.default_skills,
    escalationTeamId: row.escalation_team_id,
    requeueUnansweredOnOffline: row.requeue_unanswered_on_offline,
    active: row.status === 'active',
    revision: BigInt(row.revision),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    memberCount: Number(row.member_count),
  };
}
