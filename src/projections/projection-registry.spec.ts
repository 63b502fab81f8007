import type { Projection } from './projection';
import { ProjectionDefinitionError, StaticProjectionRegistry } from './projection-registry';

function projection(overrides: Partial<Projection> = {}): Projection {
  return {
    name: 'ticket_list',
    version: 1,
    eventTypes: ['TicketOpened'],
    tables: ['ticket_list'],
    handle: async () => undefined,
    ...overrides,
  };
}

describe('projection definitions', () => {
  it('accepts valid, distinct projections', () => {
    const registry = new StaticProjectionRegistry([
      projection(),
      projection({ name: 'sla_clock', tables: ['sla_clock', 'sla_cycle'] }),
      projection({ name: 'feed_stats', tables: undefined }),
    ]);
    expect(registry.all().map((p) => p.name)).toEqual(['ticket_list', 'sla_clock', 'feed_stats']);
  });

  it.each([
    ['a name that is not a safe identifier', { name: 'Ticket-List' }, /name must match/],
    ['a name too long for a schema name', { name: `t${'x'.repeat(40)}` }, /name must match/],
    ['version 0', { version: 0 }, /version must be an integer >= 1/],
    ['a fractional version', { version: 1.5 }, /version must be an integer >= 1/],
    ['no event types', { eventTypes: [] }, /declares no event types/],
    ['a table name that needs quoting', { tables: ['Ticket List'] }, /table "Ticket List"/],
    ['a table listed twice', { tables: ['a', 'a'] }, /listed twice/],
  ])('rejects %s', (_, overrides, message) => {
    expect(() => new StaticProjectionRegistry([projection(overrides)])).toThrow(message);
  });

  it('rejects two projections with one name', () => {
    expect(
      () => new StaticProjectionRegistry([projection(), projection({ tables: ['other'] })]),
    ).toThrow(/defined twice/);
  });

  it('rejects two projections writing one table', () => {
    expect(
      () => new StaticProjectionRegistry([projection(), projection({ name: 'other' })]),
    ).toThrow(ProjectionDefinitionError);
    expect(
      () => new StaticProjectionRegistry([projection(), projection({ name: 'other' })]),
    ).toThrow(/table "ticket_list" is claimed by projections "ticket_list" and "other"/);
  });
});
