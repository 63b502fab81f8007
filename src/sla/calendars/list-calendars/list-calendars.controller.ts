import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { SlaConfigQueries } from '../../config-read-model/sla-config.queries';
import { DEFAULT_SLA_PAGE_SIZE, MAX_SLA_PAGE_SIZE, nextSlaPageLink } from '../../shared/sla-params';
import { SlaListQuery } from '../../shared/sla-list.query';
import { SlaCalendarResponse, toSlaCalendarResponse } from '../sla-calendar.response';

export class SlaCalendarPageResponse {
  @ApiProperty({ type: [SlaCalendarResponse], maxItems: MAX_SLA_PAGE_SIZE })
  items!: SlaCalendarResponse[];

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
@Controller('sla/calendars')
export class ListCalendarsController {
  constructor(private readonly queries: SlaConfigQueries) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'List SLA calendars by id',
    description: 'From a read model that follows the event log asynchronously (moments behind).',
  })
  @ApiOkResponse({ type: SlaCalendarPageResponse })
  async list(@Query() query: SlaListQuery): Promise<SlaCalendarPageResponse> {
    const limit = query.limit === undefined ? DEFAULT_SLA_PAGE_SIZE : Number(query.limit);
    const page = await this.queries.calendars(limit, query.cursor);
    return {
      items: page.items.map((row) => toSlaCalendarResponse(row, row.revision)),
      next: nextSlaPageLink('/sla/calendars', limit, page.nextCursor),
    };
  }
}
