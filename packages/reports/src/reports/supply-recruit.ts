import { type Organisation, type Subject, subjectLabels } from '@stem-match/domain';
import { cellLabel, type GridCell, postcodeDistrict } from '@stem-match/geo';
import { column, table } from '../doc.js';
import type { RequestDetails } from '../facts.js';
import { quantile, round } from '../stats.js';
import { Tally } from '../tally.js';
import type { Need } from './supply-needs.js';

interface Gap {
  cell: GridCell;
  requests: number;
  priority: number;
  subjects: Tally;
  stages: Tally;
  districts: Tally;
  nearest: number[];
}

const top = (t: Tally, label: (k: string) => string): string =>
  t
    .entries()
    .slice(0, 3)
    .map(([k]) => label(k))
    .join(', ');

/**
 * Where to recruit: grid squares ranked by open requests that no eligible ambassador can reach in
 * person (online-only requests are left out: where they are says nothing about where to recruit);
 * ties go to the square with more Priority School requests, then to the grid key.
 */
export function recruitTable(
  needs: readonly Need[],
  nearestKm: (r: RequestDetails, org: Organisation) => number | undefined,
) {
  const gaps = new Map<string, Gap>();
  for (const { request: r, org, cell, supply } of needs) {
    if (supply.inPerson > 0 || r.mode === 'online') continue;
    const g = gaps.get(cell.key) ?? {
      cell,
      requests: 0,
      priority: 0,
      subjects: new Tally(),
      stages: new Tally(),
      districts: new Tally(),
      nearest: [],
    };
    gaps.set(cell.key, g);
    g.requests++;
    if (org.priority) g.priority++;
    for (const s of r.subjects) g.subjects.add(s);
    g.stages.add(r.key_stage);
    const district = postcodeDistrict(org.postcode);
    if (district) g.districts.add(district);
    const km = nearestKm(r, org);
    if (km !== undefined) g.nearest.push(km);
  }
  const ranked = [...gaps.values()].sort(
    (a, b) => b.requests - a.requests || b.priority - a.priority || a.cell.key.localeCompare(b.cell.key),
  );
  return table(
    'where-to-recruit',
    'Where to recruit',
    [
      column('rank', 'Rank', 'number'),
      column('cell', 'Grid square'),
      column('requests', 'Open requests no eligible ambassador can reach in person', 'number'),
      column('priority', 'of which Priority Schools', 'number'),
      column('subjects', 'Subjects most asked for'),
      column('key_stages', 'Key stages most asked for'),
      column('median_nearest_km', 'Median distance to the nearest ambassador of a subject asked for', 'km'),
    ],
    ranked.map((g, i) => {
      const km = quantile(g.nearest, 0.5);
      return [
        i + 1,
        cellLabel(g.cell, g.districts.entries()[0]?.[0]),
        g.requests,
        g.priority,
        top(g.subjects, (s) => subjectLabels[s as Subject]),
        top(g.stages, (k) => k),
        km === undefined ? null : round(km, 1),
      ];
    }),
  );
}
