import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection } from '../../projections/projection';
import { ProjectionDefinition } from '../../projections/projection-definition.decorator';
import { AGENT_EVENT_TYPES, isAgentEventType, type AgentEvent } from '../agents/agent.events';
import { TEAM_EVENT_TYPES, isTeamEventType, type TeamEvent } from '../teams/team.events';

export const DIRECTORY_PROJECTION_NAME = 'directory';

const json = (value: unknown): string => JSON.stringify(value);

/**
 * The directory read model behind GET /agents, GET /teams and team member lists. Every agent and
 * team event carries the full new value of what it changes, so each is one UPDATE; team
 * memberships are derived from the agents' events (the one source of truth, see agent.events.ts).
 */
@Injectable()
@ProjectionDefinition()
export class DirectoryProjection implements Projection {
  readonly name = DIRECTORY_PROJECTION_NAME;
  readonly version = 1;
  readonly eventTypes = [...AGENT_EVENT_TYPES, ...TEAM_EVENT_TYPES];
  readonly tables = ['directory_agents', 'directory_agent_teams', 'directory_teams'];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      if (isAgentEventType(recorded.type)) {
        await this.applyAgent(recorded, manager);
      } else if (isTeamEventType(recorded.type)) {
        await this.applyTeam(recorded, manager);
      }
    }
  }

  private async applyAgent(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as unknown as AgentEvent;
    const revision = recorded.revision.toString();
    const update = (sets: string, values: unknown[], at: string): Promise<unknown> =>
      manager.query(
        `UPDATE directory_agents SET ${sets}, revision = $2, updated_at = $3 WHERE agent_id = $1`,
        [event.data.agentId, revision, at, ...values],
      );
    switch (event.type) {
      case 'AgentRegistered': {
        const d = event.data;
        await manager.query(
          `INSERT INTO directory_agents (agent_id, name, email, languages, skills, team_ids,
             capacity, support_level, status, availability, revision, registered_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', 'offline', $9, $10, $10)`,
          [
            d.agentId,
            d.name,
            d.email,
            json(d.languages),
            json(d.skills),
            json(d.teamIds),
            json(d.capacity),
            d.supportLevel,
            revision,
            d.registeredAt,
          ],
        );
        await this.addMemberships(manager, d.agentId, d.teamIds);
        return;
      }
      case 'AgentProfileUpdated': {
        const d = event.data;
        await update(
          'name = $4, email = $5, languages = $6',
          [d.name, d.email, json(d.languages)],
          d.updatedAt,
        );
        return;
      }
      case 'AgentSkillsChanged':
        await update('skills = $4', [json(event.data.skills)], event.data.changedAt);
        return;
      case 'AgentTeamsChanged': {
        const d = event.data;
        await update('team_ids = $4', [json(d.teamIds)], d.changedAt);
        if (d.removedTeamIds.length > 0) {
          await manager.query(
            'DELETE FROM directory_agent_teams WHERE agent_id = $1 AND team_id = ANY($2)',
            [d.agentId, d.removedTeamIds],
          );
        }
        await this.addMemberships(manager, d.agentId, d.addedTeamIds);
        return;
      }
      case 'AgentCapacityChanged':
        await update('capacity = $4', [json(event.data.capacity)], event.data.changedAt);
        return;
      case 'AgentSupportLevelChanged':
        await update('support_level = $4', [event.data.supportLevel], event.data.changedAt);
        return;
      case 'AgentDeactivated':
        await update('status = $4', ['deactivated'], event.data.deactivatedAt);
        return;
      case 'AgentReactivated':
        await update('status = $4', ['active'], event.data.reactivatedAt);
        return;
      case 'AgentAvailabilityChanged':
        await update('availability = $4', [event.data.availability], event.data.changedAt);
        return;
    }
  }

  private async addMemberships(
    manager: EntityManager,
    agentId: string,
    teamIds: readonly string[],
  ): Promise<void> {
    if (teamIds.length === 0) return;
    await manager.query(
      `INSERT INTO directory_agent_teams (team_id, agent_id)
       SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
      [teamIds, agentId],
    );
  }

  private async applyTeam(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as unknown as TeamEvent;
    const revision = recorded.revision.toString();
    switch (event.type) {
      case 'TeamCreated': {
        const d = event.data;
        await manager.query(
          `INSERT INTO directory_teams (team_id, name, strategy, default_skills, escalation_team_id,
             requeue_unanswered_on_offline, status, revision, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $8)`,
          [
            d.teamId,
            d.name,
            d.strategy,
            json(d.defaultSkills),
            d.escalationTeamId,
            d.requeueUnansweredOnOffline,
            revision,
            d.createdAt,
          ],
        );
        return;
      }
      case 'TeamUpdated': {
        const d = event.data;
        await manager.query(
          `UPDATE directory_teams SET name = $2, strategy = $3, default_skills = $4,
             escalation_team_id = $5, requeue_unanswered_on_offline = $6, revision = $7,
             updated_at = $8
           WHERE team_id = $1`,
          [
            d.teamId,
            d.name,
            d.strategy,
            json(d.defaultSkills),
            d.escalationTeamId,
            d.requeueUnansweredOnOffline,
            revision,
            d.updatedAt,
          ],
        );
        return;
      }
      case 'TeamDeactivated':
      case 'TeamReactivated': {
        const status = event.type === 'TeamDeactivated' ? 'deactivated' : 'active';
        const at =
          event.type === 'TeamDeactivated' ? event.data.deactivatedAt : event.data.reactivatedAt;
        await manager.query(
          `UPDATE directory_teams SET status = $2, revision = $3, updated_at = $4
           WHERE team_id = $1`,
          [event.data.teamId, status, revision, at],
        );
        return;
      }
    }
  }
}
