import {
  KeyStage,
  keyStageLabels,
  type ReportSection,
  type Subject,
  subjectLabels,
} from '@stem-match/domain';
import { cellFinder } from '@stem-match/geo';
import { hubName, isUnmet, type ReportFactory, requestInPeriod } from '../context.js';
import { column, table } from '../doc.js';
import { dbsValidOn } from '../eligibility.js';
import { Tally } from '../tally.js';
import { coverageMap } from './coverage-map.js';
import { supplyFinder } from './supply-eligibility.js';
import { NEED_COLUMNS, type Need, needCells } from './supply-needs.js';
import { recruitTable } from './supply-recruit.js';

/**
 * Supply against demand: for every open request, how many ambassadors could take it (before free time
 * is considered), per hub, subject, key stage and grid square — and where recruiting would help most.
 */
export const supplyReport: ReportFactory = (ctx) => {
  const supply = supplyFinder();
  const map = coverageMap(ctx);
  const find = cellFinder(ctx.options.cell_km);
  // In-person ambassadors able to volunteer today (DBS valid on the report date), by home hub.
  const based = new Tally();
  const needs: Need[] = [];
  let notOnRecord = 0;

  return {
    ambassador(a) {
      supply.add(a);
      map.ambassador(a);
      if (ctx.inScope(a.hub) && a.in_person && dbsValidOn(a, ctx.asOf)) based.add(a.hub);
    },
    request(r) {
      if (!ctx.inScope(r.request.hub) || !requestInPeriod(ctx, r) || !isUnmet(r)) return;
      const org = ctx.organisations.get(r.request.organisation_id);
      if (!org) {
        notOnRecord++;
        return;
      }
      needs.push({
        request: r.request,
        org,
        cell: find(org.lat, org.lon),
        supply: supply.count(r.request, org),
      });
      map.unmet(org);
    },
    finish() {
      const hubs = [...new Set([...needs.map((n) => n.request.hub), ...based.counts.keys()])].sort();
      const byHub = table(
        'by-hub',
        'Supply and demand per hub',
        [
          column('hub', 'Hub'),
          column('ambassadors', 'In-person ambassadors based here', 'number'),
          ...NEED_COLUMNS,
        ],
        hubs.map((h) => [
          hubName(ctx, h),
          based.get(h),
          ...needCells(needs.filter((n) => n.request.hub === h)),
        ]),
      );
      const subjects = [...new Set(needs.flatMap((n) => n.request.subjects))].sort();
      const bySubject = table(
        'by-subject',
        'By subject (a request asking for several counts under each)',
        [column('subject', 'Subject'), column('code', 'Code'), ...NEED_COLUMNS],
        subjects.map((s) => [
          subjectLabels[s as Subject],
          s,
          ...needCells(needs.filter((n) => n.request.subjects.includes(s))),
        ]),
      );
      const stages = KeyStage.options.filter((k) => needs.some((n) => n.request.key_stage === k));
      const byKeyStage = table(
        'by-key-stage',
        'By key stage',
        [column('key_stage', 'Key stage'), column('code', 'Code'), ...NEED_COLUMNS],
        stages.map((k) => [
          keyStageLabels[k],
          k,
          ...needCells(needs.filter((n) => n.request.key_stage === k)),
        ]),
      );
      const inCell = new Map<string, Need[]>();
      for (const n of needs) {
        const list = inCell.get(n.cell.key) ?? [];
        list.push(n);
        inCell.set(n.cell.key, list);
      }
      const byCell = table(
        'by-cell',
        `Per ${ctx.options.cell_km} km grid square`,
        [
          column('cell', 'Grid square'),
          column('ambassadors', 'In-person ambassadors based here', 'number'),
          ...NEED_COLUMNS,
        ],
        map.cells().map((c) => [map.label(c), c.ambassadors, ...needCells(inCell.get(c.cell.key) ?? [])]),
      );
      const recruit = recruitTable(needs, supply.nearestKm);
      const none = needs.filter((n) => n.supply.eligible === 0).length;
      const noVisit = needs.filter((n) => n.supply.inPerson === 0 && n.request.mode !== 'online').length;
      const sections: ReportSection[] = [
        {
          heading: 'Supply against demand',
          text: [
            `${needs.length} open or unfilled requests in the period: ${none} have no eligible ambassador at all, and ${noVisit} of those that can be visited have nobody eligible who could come in person.`,
            'Eligible: DBS valid to the end of the request’s window, offers a subject asked for (one is enough), its key stage and activity type, and can visit (the school is within their travel radius, and the request’s own limit) or teach online when both sides allow it. Each ambassador counts once per request. Free time is not considered here: the unmet report shows where time was the obstacle.',
            'In-person ambassadors based here: DBS valid on the report date, counted in their home hub or grid square; ambassadors from anywhere count as eligible when they can reach the school.',
            ...(notOnRecord > 0
              ? [
                  `${notOnRecord} open requests from organisations not on record have no place and are left out.`,
                ]
              : []),
          ],
          tables: [byHub, bySubject, byKeyStage, byCell],
          charts: [
            {
              type: 'bar',
              title: 'Open requests, and those with no eligible ambassador, per hub',
              table: byHub.id,
              categories: byHub.rows.map((r) => String(r[0])),
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
            `Grid squares (${ctx.options.cell_km} km) ranked by open requests that nobody eligible can reach in person; on ties, more Priority School requests first. Online-only requests are left out.`,
            'The distance is to the nearest in-person ambassador with a DBS check valid to the window’s end who offers one of the subjects, whatever their radius: how far away help is. Empty when nobody anywhere offers them.',
          ],
          tables: [recruit],
          charts: [],
        },
        map.section('Open requests and ambassador coverage'),
      ];
      return { title: 'Supply and demand', sections };
    },
  };
};
