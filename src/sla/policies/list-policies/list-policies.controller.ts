import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { SlaConfigQueries } from '../../config-read-model/sla-config.queries';
import { DEFAULT_SLA_PAGE_SIZE, MAX_SLA_PAGE_SIZE, nextSlaPageLink } from '../../shared/sla-params';
import { SlaListQuery } from '../../shared/sla-list.query';
import { SlaPolicyResponse, toSlaPolicyResponse } from '../sla-policy.response';

export class SlaPolicyPageResponse {
  @ApiProperty({ type: [SlaPolicyResponse], maxItems: MAX_SLA_PAGE_SIZE })
  items!: SlaPolicyResponse[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    format: 'uri-reference',
    maxLength: 4096,
    description: 'The next page, or null on the last page.',
  })
  next!: string | null;
}

@ApiTags('sla')
@Controller('sla/policies')
export class ListPoliciesController {
  constructor(private readonly queries: SlaConfigQueries) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'List SLA policies in evaluation order (position, then id)',
    description: 'From a read model that follows the event log asynchronously (moments behind).',
  })
  @ApiOkResponse({ type: SlaPolicyPageResponse })
  async list(@Query() query: SlaListQuery): Promise<SlaPolicyPageResponse> {
    const limit = query.limit === undefined ? DEFAULT_SLA_PAGE_SIZE : Number(query.limit);
    const page = await this.queries.policies(limit, query.cursor);
    return {
      items: page.items.map((row) => toSlaPolicyResponse(row, row.revision)),
      next: nextSlaPageLink('/sla/policies', limit, page.nextCursor),
    };
  }
}
