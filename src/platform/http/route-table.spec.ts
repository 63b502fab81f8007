import { RouteTable } from './route-table';

describe('RouteTable', () => {
  const table = new RouteTable();
  table.add('GET', '/tickets/:id');
  table.add(['POST', 'PATCH'], '/tickets/:id');
  table.add('POST', '/tickets');
  table.add('GET', '/files/*');
  table.add('GET', '/reports/:year(^\\d{4})/summary');

  it('lists the methods served for a concrete path, HEAD included for GET routes', () => {
    expect(table.allowedMethods('/tickets/abc')).toEqual(['GET', 'HEAD', 'PATCH', 'POST']);
    expect(table.allowedMethods('/tickets?limit=5')).toEqual(['POST']);
  });

  it('matches parameters as one non-empty segment and wildcards as the rest', () => {
    expect(table.allowedMethods('/tickets/abc/replies')).toEqual([]);
    expect(table.allowedMethods('/tickets/')).toEqual([]);
    expect(table.allowedMethods('/files/a/b/c.txt')).toEqual(['GET', 'HEAD']);
    expect(table.allowedMethods('/reports/2026/summary')).toEqual(['GET', 'HEAD']);
  });

  it('treats regex characters in static segments literally', () => {
    const literal = new RouteTable();
    literal.add('GET', '/a.b');
    expect(literal.allowedMethods('/a.b')).toEqual(['GET', 'HEAD']);
    expect(literal.allowedMethods('/axb')).toEqual([]);
  });
});
