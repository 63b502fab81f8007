import { Module } from '@nestjs/common';
import { CustomerRecords } from '../customers/customer-records';
import { TicketCommandRunner } from '../ticket-command-runner';
import { CustomerTierPropagationProjection } from './customer-tier-propagation.projection';

/**
 * Keeps open tickets' customer tier in step with the customer record (see the projection). Its
 * own module so the reactor's dependencies (the ticket command runner, the customer records) are
 * explicit; ProjectionsModule discovers the projection among the providers.
 *
 * Needs EVENT_STORE, CLOCK, ID_GENERATOR, APP_CONFIG (global) and, for the SLA re-application,
 * TICKET_STREAM_REACTION (global, SlaClocksModule) when bound.
 */
@Module({
  providers: [TicketCommandRunner, CustomerRecords, CustomerTierPropagationProjection],
})
export class CustomerTierPropagationModule {}
