import { ReportDocument } from '@stem-match/domain';

// A small but realistic report (map cells are 10 km grid-cell centres, so a little inland): two sections, a bar chart with a target, a line chart, a map,
// a RAG column, and data-borne names with markup and ampersands (which must come out as text).

export const HOSTILE_NAME = 'St Mary & St John <script>alert(1)</script> Academy';

const HUBS = ['Sussex', 'Greater Manchester', 'Tyne & Wear'];
const PRIMARY_FILL = [0.435, 0.712, 0.268];
const SECONDARY_FILL = [0.52, 0.648, 0.391];
const MONTHS = ['Sep 2026', 'Oct 2026', 'Nov 2026', 'Dec 2026'];
const RECEIVED = [1240, 1385, 1512, 968];
const FILLED = [702, 811, 930, 655];

const PLACES = [
  { label: 'Hastings', lat: 50.9, lon: 0.54, unmet: 6, ambassadors: 3, school: HOSTILE_NAME },
  {
    label: 'Brighton & Hove',
    lat: 50.828,
    lon: -0.139,
    unmet: 2,
    ambassadors: 9,
    school: 'Dorothy Stringer School',
  },
  { label: 'Manchester', lat: 53.48, lon: -2.242, unmet: 0, ambassadors: 14, school: null },
  {
    label: 'Newcastle upon Tyne',
    lat: 54.978,
    lon: -1.617,
    unmet: 4,
    ambassadors: 0,
    school: 'Walker Riverside Academy',
  },
  { label: 'Leeds', lat: 53.8, lon: -1.549, unmet: 0, ambassadors: 5, school: null },
];

function rag(share: number): 'red' | 'amber' | 'green' {
  return share >= 0.6 ? 'green' : share >= 0.4 ? 'amber' : 'red';
}

/** The sample document, validated (and defaulted) by the domain schema. */
export function sampleDocument(): ReportDocument {
  return ReportDocument.parse({
    report: 'unmet',
    title: 'Unmet demand for STEM activities',
    generated_at: '2026-12-31T09:30:00+00:00',
    from: '2026-09-01',
    to: '2026-12-31',
    source: 'dataset fixtures/small, run 2026-12-31',
    definitions: [
      {
        term: 'Unmet request',
        meaning: 'A request with no confirmed ambassador by its latest acceptable date.',
      },
      { term: 'Fill rate', meaning: 'Filled requests as a share of requests received in the period.' },
      {
        term: 'Grid cell',
        meaning: 'A 10 km square; a place is counted in the cell holding its postcode centroid.',
      },
    ],
    sections: [
      {
        heading: 'Fill rate by hub',
        text: [
          'Share of requests filled in each hub, by phase. The dashed line marks the 60% target.',
          'Hubs below 40% are red & need attention.',
        ],
        tables: [
          {
            id: 'by-hub',
            title: 'Fill rate by hub and phase',
            columns: [
              { key: 'hub', label: 'Hub' },
              { key: 'requests', label: 'Requests', kind: 'number' },
              { key: 'primary_fill', label: 'Primary fill rate', kind: 'percent' },
              { key: 'secondary_fill', label: 'Secondary fill rate', kind: 'percent' },
              { key: 'median_km', label: 'Median distance (km)', kind: 'km' },
              { key: 'status', label: 'Status', kind: 'rag' },
            ],
            rows: HUBS.map((hub, i) => [
              hub,
              [2140, 3875, 1090][i]!,
              PRIMARY_FILL[i]!,
              SECONDARY_FILL[i]!,
              [14.26, 6.8, 21.05][i]!,
              rag(Math.min(PRIMARY_FILL[i]!, SECONDARY_FILL[i]!)),
            ]),
          },
          {
            id: 'unmet-places',
            title: 'Where requests went unmet',
            columns: [
              { key: 'place', label: 'Place' },
              { key: 'unmet', label: 'Unmet requests', kind: 'number' },
              { key: 'ambassadors', label: 'Ambassadors', kind: 'number' },
              { key: 'example', label: 'Longest-waiting school' },
            ],
            rows: PLACES.map((p) => [p.label, p.unmet, p.ambassadors, p.school]),
            note: 'Cells with neither demand nor ambassadors are left out.',
          },
        ],
        charts: [
          {
            type: 'bar',
            title: 'Fill rate by hub',
            table: 'by-hub',
            categories: HUBS,
            series: [
              { name: 'Primary', values: PRIMARY_FILL },
              { name: 'Secondary', values: SECONDARY_FILL },
            ],
            percent: true,
            target: 0.6,
          },
        ],
        map: {
          title: 'Unmet demand and ambassador coverage',
          table: 'unmet-places',
          cell_km: 10,
          cells: PLACES.map(({ school: _school, ...cell }) => cell),
        },
      },
      {
        heading: 'Monthly trend',
        text: ['Requests received and filled each month.'],
        tables: [
          {
            id: 'monthly',
            title: 'Requests by month',
            columns: [
              { key: 'month', label: 'Month' },
              { key: 'received', label: 'Received', kind: 'number' },
              { key: 'filled', label: 'Filled', kind: 'number' },
              { key: 'fill_rate', label: 'Fill rate', kind: 'percent' },
            ],
            rows: MONTHS.map((m, i) => [m, RECEIVED[i]!, FILLED[i]!, FILLED[i]! / RECEIVED[i]!]),
          },
        ],
        charts: [
          {
            type: 'line',
            title: 'Requests received and filled',
            table: 'monthly',
            points: MONTHS,
            series: [
              { name: 'Received', values: RECEIVED },
              { name: 'Filled', values: FILLED },
            ],
          },
        ],
      },
    ],
  });
}
