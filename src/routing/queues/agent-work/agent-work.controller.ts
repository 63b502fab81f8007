import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Roles } from '../../../auth/auth.decorators';
import type { Principal } from '../../../auth/principal';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import {
  PROJECTION_LAG_HEADER_DOC,
  ProjectionLagReader,
  setProjectionLagHeader,
} from '../../../tickets/read-consistency';
import { AGENT_DIRECTORY, type AgentDirectory } from '../../agent-directory.port';
import { AgentNotFound } from '../../directory.errors';
import { idParam, isDirectoryId } from '../../shared/directory-params';
import { SERVICE_ORDER_DESCRIPTION } from '../list-team-queue/list-team-queue.controller';
import { QueueQueries, type AgentLoadRecord } from '../queue-read-model/queue.queries';
import { QUEUE_LAG_MAX_AGE_MS, QUEUES_PROJECTION } from '../queue-read-model/queue.projection';
import { pageArgs, pageBody } from '../queue-page';
import { QueuePageQuery } from '../queue-page.query';
import { AgentLoadResponse, QueueTicketPage } from '../queue.views';
import { AgentWorkForbidden } from '../queues.errors';
import { KnownIds } from '../known-ids';

const NOT_PROJECTED: Omit<AgentLoadRecord, 'agentId'> = {
  availability: 'offline',
  status: 'active',
  capacityMax: 0,
  capacityPerChannel: {},
  openByChannel: {},
};

function loadOf(record: AgentLoadRecord): AgentLoadResponse {
  const openByChannel = { ...record.openByChannel };
  const openAssigned = Object.values(openByChannel).reduce((sum, n) => sum + n, 0);
  const freeCapacity = Math.max(0, record.capacityMax - openAssigned);
  const freeByChannel: Record<string, number> = {};
  for (const [channel, cap] of Object.entries(record.capacityPerChannel)) {
    freeByChannel[channel] = Math.min(
      freeCapacity,
      Math.max(0, cap - (openByChannel[channel] ?? 0)),
    );
  }
  return {
    agentId: record.agentId,
    availability: record.availability,
    status: record.status,
    openAssigned,
    openByChannel,
    capacity: { max: record.capacityMax, perChannel: { ...record.capacityPerChannel } },
    freeCapacity,
    freeByChannel,
  };
}

@ApiTags('agents')
@Controller('agents')
export class AgentWorkController {
  /** Agents seen to exist: the work list then skips the load query that only told 404 apart. */
  private readonly knownAgents = new KnownIds();

  constructor(
    private readonly queues: QueueQueries,
    private readonly lag: ProjectionLagReader,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/tickets')
  @Roles('admin', 'supervisor', 'agent', 'auditor')
  @ApiOperation({
    summary: "An agent's work list in service order",
    description: `The agent's unsolved assigned tickets (new, open, pending, on hold). ${SERVICE_ORDER_DESCRIPTION} Agents may read only their own.`,
  })
  @ApiParam(idParam('agent'))
  @ApiOkResponse({ type: QueueTicketPage, headers: PROJECTION_LAG_HEADER_DOC })
  @ApiBadRequestResponse({ description: 'limit out of 1–100, or a cursor this API did not issue.' })
  @ApiForbiddenResponse({ description: "An agent key asking for another agent's list." })
  @ApiNotFoundResponse({ description: 'No such agent.' })
  async tickets(
    @Param('id') agentId: string,
    @Query() query: QueuePageQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QueueTicketPage> {
    this.checkAccess(principal, agentId);
    const { limit, after } = pageArgs(query);
    const now = this.clock.now();
    const [page, lag, inReadModel] = await Promise.all([
      this.queues.agentWork(agentId, limit, after),
      this.lag.lagOf(QUEUES_PROJECTION, { maxAgeMs: QUEUE_LAG_MAX_AGE_MS }),
      this.knownAgents.has(agentId) ||
        this.queues.agentLoad(agentId).then((load) => load !== undefined),
    ]);
    if (!inReadModel) await this.ensureKnown(agentId);
    this.remember(agentId);
    setProjectionLagHeader(reply, lag);
    return pageBody(page, now, request);
  }

  @Get(':id/load')
  @Roles('admin', 'supervisor', 'agent', 'auditor')
  @ApiOperation({
    summary: "An agent's load and free capacity",
    description:
      'Unsolved assigned tickets in total and per channel, capacity (and per-channel caps), free capacity and availability. Agents may read only their own. An agent registered a moment ago and not yet in the read model shows capacity 0 until it is (see `X-Projection-Lag`).',
  })
  @ApiParam(idParam('agent'))
  @ApiOkResponse({ type: AgentLoadResponse, headers: PROJECTION_LAG_HEADER_DOC })
  @ApiForbiddenResponse({ description: "An agent key asking for another agent's load." })
  @ApiNotFoundResponse({ description: 'No such agent.' })
  async load(
    @Param('id') agentId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentLoadResponse> {
    this.checkAccess(principal, agentId);
    const [load, lag] = await Promise.all([
      this.queues.agentLoad(agentId),
      this.lag.lagOf(QUEUES_PROJECTION, { maxAgeMs: QUEUE_LAG_MAX_AGE_MS }),
    ]);
    if (!load) await this.ensureKnown(agentId);
    this.remember(agentId);
    setProjectionLagHeader(reply, lag);
    return loadOf(load ?? { agentId, ...NOT_PROJECTED });
  }

  private remember(agentId: string): void {
    this.knownAgents.remember(agentId);
  }

  /** Checked before anything is read: an agent learns nothing about other agents here. */
  private checkAccess(principal: Principal, agentId: string): void {
    if (principal.role === 'agent' && principal.principalId !== agentId) {
      throw new AgentWorkForbidden(agentId);
    }
    if (!isDirectoryId(agentId)) throw new AgentNotFound(agentId);
  }

  /** Not in the read model may still be an agent registered a moment ago: the stream decides. */
  private async ensureKnown(agentId: string): Promise<void> {
    if ((await this.directory.agent(agentId)).status === 'unknown') {
      throw new AgentNotFound(agentId);
    }
  }
}
