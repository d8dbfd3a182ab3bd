import {
  type Ambassador,
  type Cell,
  KeyStage,
  keyStageLabels,
  type ReportSection,
  type Subject,
  subjectLabels,
} from '@stem-match/domain';
import { distanceKm, PointIndex } from '@stem-match/geo';
import { hubName, isUnmet, type ReportFactory, requestInPeriod } from '../context.js';
import { column, table } from '../doc.js';
import { canTeachOnline, canVisit, dbsValidOn, eligibleFor } from '../eligibility.js';
import type { RequestFact } from '../facts.js';
import { cellFinder, cellLabel, type GridCell, postcodeDistrict } from '../grid.js';
import { quantile, round, share } from '../stats.js';
import { Tally } from '../tally.js';
import { coverageMap } from './coverage-map.js';

interface Need {
  fact: RequestFact;
  inPerson: number;
  online: number;
}

/**
 * Supply against demand: for every open request, how many ambassadors could take it (before time is
 * considered), per hub, subject, key stage and grid square — and where recruiting would help most.
 */
export const supplyReport: ReportFactory = (ctx) => {
  const ambassadors: Ambassador[] = [];
  const needs: Need[] = [];
  const map = coverageMap(ctx);
  let visitors: { list: Ambassador[]; index: PointIndex; reach: number } | undefined;
  const online = new Map<KeyStage, Ambassador[]>();

  function index() {
    if (visitors) return visitors;
    const list = ambassadors.filter((a) => a.in_person && a.dbs_status === 'cleared');
    for (const a of ambassadors) {
      if (!a.online || a.dbs_status !== 'cleared') continue;
      for (const ks of a.key_stages) {
        const group = online.get(ks) ?? [];
        group.push(a);
        online.set(ks, group);
      }
    }
    visitors = { list, index: new PointIndex(list), reach: Math.max(0, ...list.map((a) => a.travel_km)) };
    return visitors;
  }

  return {
    ambassador(a) {
      ambassadors.push(a);
      map.ambassador(a);
    },
    request(r) {
      if (!ctx.inScope(r.request.hub) || !requestInPeriod(ctx, r) || !isUnmet(r)) return;
      const org = ctx.organisations.get(r.request.organisation_id);
      if (!org) return;
      const v = index();
      let inPerson = 0;
      v.index.forEachWithin(org.lat, org.lon, v.reach, (i) => {
        const a = v.list[i]!;
        if (canVisit(a, r.request, org) && eligibleFor(a, r.request, org)) inPerson++;
      });
      // Online-only ambassadors, so nobody who could also visit is counted twice.
      const remote = (online.get(r.request.key_stage) ?? []).filter(
        (a) => canTeachOnline(a, r.request) && !canVisit(a, r.request, org) && eligibleFor(a, r.request, org),
      ).length;
      needs.push({ fact: r, inPerson, online: remote });
      map.unmet(org);
    },
    finish() {
      const total = (n: Need) => n.inPerson + n.online;
      const summary = (group: Need[]): Cell[] => [
        group.length,
        round(quantile(group.map(total), 0.5) ?? 0, 1),
        group.filter((n) => total(n) === 0).length,
        round(share(group.filter((n) => total(n) === 0).length, group.length)),
      ];
      const needColumns = [
        column('open_requests', 'Open requests', 'number'),
        column('median_eligible', 'Median eligible ambassadors per request', 'number'),
        column('none_eligible', 'Requests with none eligible', 'number'),
        column('none_share', 'Share with none', 'percent'),
      ];
      const hubs = [...new Set(needs.map((n) => n.fact.request.hub))].sort();
      const based = new Tally();
      for (const a of ambassadors) if (a.in_person && dbsValidOn(a, ctx.asOf)) based.add(a.hub);
      const byHub = table(
        'by-hub',
        'Supply and demand per hub',
        [
          column('hub', 'Hub'),
          column('ambassadors', 'In-person ambassadors based here', 'number'),
          ...needColumns,
        ],
        hubs.map((h) => [
          hubName(ctx, h),
          based.get(h),
          ...summary(needs.filter((n) => n.fact.request.hub === h)),
        ]),
      );
      const subjects = [...new Set(needs.flatMap((n) => n.fact.request.subjects))].sort();
      const bySubject = table(
        'by-subject',
        'By subject (a request asking for several counts under each)',
        [column('subject', 'Subject'), ...needColumns],
        subjects.map((s) => [
          subjectLabels[s as Subject],
          ...summary(needs.filter((n) => n.fact.request.subjects.includes(s))),
        ]),
      );
      const stages = KeyStage.options.filter((k) => needs.some((n) => n.fact.request.key_stage === k));
      const byKeyStage = table(
        'by-key-stage',
        'By key stage',
        [column('key_stage', 'Key stage'), ...needColumns],
        stages.map((k) => [
          keyStageLabels[k],
          ...summary(needs.filter((n) => n.fact.request.key_stage === k)),
        ]),
      );
      const recruit = whereToRecruit(ctx, needs, index());
      const sections: ReportSection[] = [
        {
          heading: 'Supply against demand',
          text: [
            'Eligible: DBS valid to the end of the request’s window, offers a subject asked for, the key stage and the activity type, and can visit (within their travel radius) or teach online when the request allows it. Free time is not considered here: the unmet report shows where time was the obstacle.',
          ],
          tables: [byHub, bySubject, byKeyStage],
          charts: [
            {
              type: 'bar',
              title: 'Open requests, and those with no eligible ambassador, per hub',
              table: byHub.id,
              categories: hubs.map((h) => hubName(ctx, h)),
              series: [
                { name: 'Open requests', values: byHub.rows.map((r) => r[2] as number) },
                { name: 'None eligible', values: byHub.rows.map((r) => r[4] as number) },
              ],
              percent: false,
            },
          ],
        },
        {
          heading: 'Where to recruit',
          text: [
            `Grid squares (${ctx.options.cell_km} km) ranked by open requests with no eligible ambassador able to visit, Priority Schools first on ties. The distance is to the nearest DBS-cleared in-person ambassador offering one of the subjects.`,
          ],
          tables: [recruit],
          charts: [],
        },
        map.section('Unmet demand and ambassador coverage'),
      ];
      return { title: 'Supply and demand', sections };
    },
  };
};

function whereToRecruit(
  ctx: Parameters<ReportFactory>[0],
  needs: Need[],
  visitors: { list: Ambassador[]; index: PointIndex },
) {
  const cells = new Map<
    string,
    {
      cell: GridCell;
      n: number;
      priority: number;
      subjects: Tally;
      stages: Tally;
      km: number[];
      districts: Tally;
    }
  >();
  const find = cellFinder(ctx.options.cell_km);
  for (const need of needs) {
    if (need.inPerson > 0) continue;
    const r = need.fact.request;
    const org = ctx.organisations.get(r.organisation_id)!;
    const cell = find(org.lat, org.lon);
    const c = cells.get(cell.key) ?? {
      cell,
      n: 0,
      priority: 0,
      subjects: new Tally(),
      stages: new Tally(),
      km: [],
      districts: new Tally(),
    };
    cells.set(cell.key, c);
    c.n++;
    if (org.priority) c.priority++;
    for (const s of r.subjects) c.subjects.add(s);
    c.stages.add(r.key_stage);
    const district = postcodeDistrict(org.postcode);
    if (district) c.districts.add(district);
    const nearest = visitors.index.nearest(org.lat, org.lon, (i) =>
      r.subjects.some((s) => visitors.list[i]!.subjects.includes(s)),
    );
    if (nearest !== undefined) {
      const a = visitors.list[nearest]!;
      c.km.push(distanceKm(a.lat, a.lon, org.lat, org.lon));
    }
  }
  const ranked = [...cells.values()].sort(
    (a, b) => b.n - a.n || b.priority - a.priority || a.cell.key.localeCompare(b.cell.key),
  );
  return table(
    'where-to-recruit',
    'Where to recruit',
    [
      column('rank', 'Rank', 'number'),
      column('cell', 'Grid square'),
      column('requests', 'Open requests no ambassador can reach', 'number'),
      column('priority', 'of which Priority Schools', 'number'),
      column('subjects', 'Subjects most asked for'),
      column('key_stages', 'Key stages most asked for'),
      column('median_nearest_km', 'Median distance to the nearest ambassador of a subject', 'km'),
    ],
    ranked.map((c, i) => [
      i + 1,
      cellLabel(c.cell, c.districts.entries()[0]?.[0]),
      c.n,
      c.priority,
      c.subjects
        .entries()
        .slice(0, 3)
        .map(([s]) => subjectLabels[s as Subject])
        .join(', '),
      c.stages
        .entries()
        .slice(0, 3)
        .map(([k]) => k)
        .join(', '),
      c.km.length === 0 ? null : round(quantile(c.km, 0.5)!, 1),
    ]),
  );
}
