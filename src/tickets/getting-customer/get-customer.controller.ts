import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.decorators';
import { CUSTOMER_ID_MAX_LENGTH, CUSTOMER_ID_PATTERN } from '../customers/customer.events';
import {
  PROJECTION_LAG_HEADER_DOC,
  ProjectionLagReader,
  setProjectionLagHeader,
} from '../read-consistency';
import { CustomerNotFound } from './customer.errors';
import {
  decodeCustomerTicketsCursor,
  encodeCustomerTicketsCursor,
} from './customer-tickets.cursor';
import { CustomerTicketsQuery, DEFAULT_CUSTOMER_TICKETS_PAGE_SIZE } from './customer-tickets.query';
import { CUSTOMER_VIEW_PROJECTION } from './customer-view.projection';
import { CustomerViewReader } from './customer-view.reader';
import { CustomerTicketsPage, CustomerView } from './customer-view.views';

const CUSTOMER_ID_PARAM = {
  name: 'id',
  description: "The customer's id (as tickets name them).",
  example: 'crm-104233',
  schema: {
    type: 'string' as const,
    pattern: CUSTOMER_ID_PATTERN.source,
    maxLength: CUSTOMER_ID_MAX_LENGTH,
  },
};

/** A path id that cannot name a customer is answered like an unknown one, without a query. */
function customerIdFromPath(id: string): string {
  if (!CUSTOMER_ID_PATTERN.test(id)) throw new CustomerNotFound(id);
  return id;
}

@ApiTags('customers')
@Roles('admin', 'supervisor', 'agent', 'auditor')
@Controller('customers')
export class GetCustomerController {
  constructor(
    private readonly reader: CustomerViewReader,
    private readonly lag: ProjectionLagReader,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'The single customer view',
    description:
      'The customer across channels and teams: profile (from the customer record, or the latest ticket until ' +
      'the record is written), when they first and last reached out, and how many of their tickets are open, ' +
      'solved and closed. From the `customer_view` read model: `X-Projection-Lag` says how far it trails the log.',
  })
  @ApiParam(CUSTOMER_ID_PARAM)
  @ApiOkResponse({ type: CustomerView, headers: { ...PROJECTION_LAG_HEADER_DOC } })
  @ApiNotFoundResponse({
    description: '`customer-not-found`: no ticket has named this customer (yet).',
  })
  async customer(
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerView> {
    const customerId = customerIdFromPath(id);
    const [customer, lag] = await Promise.all([
      this.reader.find(customerId),
      this.lag.lagOf(CUSTOMER_VIEW_PROJECTION),
    ]);
    setProjectionLagHeader(reply, lag);
    if (!customer) throw new CustomerNotFound(customerId);
    return customer;
  }

  @Get(':id/tickets')
  @ApiOperation({
    summary: "A customer's tickets",
    description:
      'Every ticket of the customer, newest first (by opening), with its status and, once the feedback feature ' +
      'records them, the satisfaction rating. Cursor-paginated with `limit` and the `next` link.',
  })
  @ApiParam(CUSTOMER_ID_PARAM)
  @ApiOkResponse({ type: CustomerTicketsPage, headers: { ...PROJECTION_LAG_HEADER_DOC } })
  @ApiNotFoundResponse({
    description: '`customer-not-found`: no ticket has named this customer (yet).',
  })
  async tickets(
    @Param('id') id: string,
    @Query() query: CustomerTicketsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerTicketsPage> {
    const customerId = customerIdFromPath(id);
    const cursor =
      query.cursor === undefined ? undefined : decodeCustomerTicketsCursor(query.cursor);
    const limit = query.limit ?? DEFAULT_CUSTOMER_TICKETS_PAGE_SIZE;
    const [exists, slice, lag] = await Promise.all([
      this.reader.exists(customerId),
      this.reader.tickets(customerId, limit, cursor),
      this.lag.lagOf(CUSTOMER_VIEW_PROJECTION),
    ]);
    setProjectionLagHeader(reply, lag);
    if (!exists) throw new CustomerNotFound(customerId);
    const next =
      slice.next === null
        ? null
        : `/customers/${encodeURIComponent(customerId)}/tickets?limit=${limit}&cursor=${encodeCustomerTicketsCursor(slice.next)}`;
    return { items: slice.items, next };
  }
}
