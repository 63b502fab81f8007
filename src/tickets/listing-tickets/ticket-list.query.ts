import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SortKey, TicketListPageRequest } from './ticket-list.criteria';
import { listTicketsSql, sortKeyOf, type TicketListRecord } from './ticket-list.sql';

export interface TicketListResult {
  readonly records: readonly TicketListRecord[];
  /** Where the next page starts; null when nothing follows this page. */
  readonly next: SortKey | null;
}

/** Reads one keyset page of the ticket list read model. */
@Injectable()
export class TicketListQuery {
  constructor(private readonly dataSource: DataSource) {}

  async page(request: TicketListPageRequest): Promise<TicketListResult> {
    const sql = listTicketsSql(request);
    const rows = await this.dataSource.query<TicketListRecord[]>(sql.text, sql.values);
    const records = rows.slice(0, request.limit);
    const last = records.at(-1);
    const next =
      rows.length > request.limit && last ? sortKeyOf(last, request.sort, request.order) : null;
    return { records, next };
  }
}
