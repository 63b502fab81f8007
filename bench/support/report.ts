/** The markdown the benchmark prints. */
export interface ResultRow {
  readonly workload: string;
  readonly writers: number | '–';
  readonly ours: number;
  readonly reference: number;
}

function rate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function markdownTable(rows: readonly ResultRow[]): string {
  const lines = [
    '| workload | writers | event store (events/s) | plain INSERT reference (events/s) | ours / reference |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const ratio = row.reference > 0 ? `${(row.ours / row.reference).toFixed(2)}` : 'n/a';
    lines.push(
      `| ${row.workload} | ${row.writers} | ${rate(row.ours)} | ${rate(row.reference)} | ${ratio} |`,
    );
  }
  return lines.join('\n');
}
