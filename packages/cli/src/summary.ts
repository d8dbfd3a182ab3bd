/** Small helpers for one-screen summaries people read in a terminal. */
export function table(rows: ReadonlyArray<readonly [string, string | number]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows
    .map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en-GB') : v}`)
    .join('\n');
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
}
