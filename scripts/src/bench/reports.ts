import os from 'node:os';
import {
  type ActivityRequest,
  ActivityRequest as ActivityRequestSchema,
  type Ambassador,
  dbsValidAt,
  FUNNEL_STAGES,
  type HistoryRecord,
  type Offer,
  type ReportName,
  UnfilledReason,
  weeklyPattern,
} from '@stem-match/domain';
import { REPORTS, type ReportFactory, runReport } from '@stem-match/reports';
import { type CommitFilled, type CommitUnfilled, Store, testRedis } from '@stem-match/store';
import { storeReportSource } from '@stem-match/worker-reporter';
import { generateDataset } from '../generate/index.js';
import { Random } from '../generate/random.js';
import { markdownTable, writeSection } from './markdown.js';

// BENCH_REPORTS_SCALE=0.1 for a quick look; the recorded figures are at 1.
const SCALE = Number(process.env.BENCH_REPORTS_SCALE ?? 1);
const REQUESTS = Math.round(250_000 * SCALE);
const HISTORY = Math.round(750_000 * SCALE);
const CHUNK = 5000;
const AS_OF = '2027-03-15';
const DAY_MS = 86_400_000;
const YEAR_START = Date.UTC(2026, 8, 1);

/** A day of the 2026/27 academic year up to AS_OF, as `YYYY-MM-DD`. */
const dayIn = (random: Random): string =>
  new Date(YEAR_START + random.int(0, 195) * DAY_MS).toISOString().slice(0, 10);

/**
 * `pnpm bench reports`: 1,000,000 requests and assignments in Redis (250,000 requests through the
 * store's own submit and commit scripts, 70% filled with offers, the rest unfilled with reasons; and
 * 750,000 history records), then `unmet`, `reach` and `monthly` streamed from the store. Baseline:
 * streaming the same records from Redis and doing nothing with them.
 */
export async function benchReports(docs: string): Promise<void> {
  const { redis, url, prefix, cleanup } = testRedis('bench-reports');
  const store = new Store(redis, prefix);
  try {
    const loaded = await load(store);
    console.log(JSON.stringify({ bench: 'reports', loaded }));
    const source = storeReportSource(store);
    const stages: Record<string, number> = {};
    const everything = await timed(async () => {
      for (const stage of ['ambassadors', 'requests', 'history'] as const) {
        const began = performance.now();
        for await (const _ of source[stage]());
        stages[stage] = Math.round(performance.now() - began) / 1000;
      }
    });
    console.log(
      JSON.stringify({ bench: 'reports', stage: 'scan everything', seconds: everything.seconds, stages }),
    );
    const rows: Array<Array<string | number>> = [
      ['scan everything, one stream after another', everything.seconds, '', '', '', everything.peak_mb],
    ];
    const loadBefore = os.loadavg()[0]!;
    for (const name of ['unmet', 'reach', 'monthly'] as const) {
      // The baseline: the same streams, read the same way, with no report work. Scan and report take
      // turns, ROUNDS times; the median of each stands (the machine is shared and noisy).
      const scans: Timed[] = [];
      const runs: Timed[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        scans.push(
          await timed(() => runReport({ ...REPORTS, [name]: readsOnly(name) }, name, source, options)),
        );
        runs.push(await timed(() => runReport(REPORTS, name, source, options)));
      }
      const scan = median(scans);
      const r = median(runs);
      const ratio = Math.round((r.seconds / scan.seconds) * 100) / 100;
      const spread = (ts: Timed[]) =>
        `${Math.min(...ts.map((t) => t.seconds))}–${Math.max(...ts.map((t) => t.seconds))}`;
      console.log(
        JSON.stringify({
          bench: 'reports',
          report: name,
          seconds: runs.map((t) => t.seconds),
          scan: scans.map((t) => t.seconds),
          ratio,
          peak_mb: r.peak_mb,
        }),
      );
      rows.push([`${name}: its scan (baseline)`, scan.seconds, spread(scans), 1, '', scan.peak_mb]);
      rows.push([name, r.seconds, spread(runs), ratio, r.seconds < 10 ? 'yes' : 'no', r.peak_mb]);
    }
    const loadAfter = os.loadavg()[0]!;
    await writeSection(
      docs,
      'reports',
      `## Reports (\`pnpm bench reports\`)

${loaded.requests.toLocaleString('en-GB')} requests (${loaded.filled.toLocaleString('en-GB')} filled with
${loaded.offers.toLocaleString('en-GB')} offers, the rest unfilled with a reason) and
${loaded.history.toLocaleString('en-GB')} history records — about 1,000,000 requests and assignments — over
${loaded.organisations.toLocaleString('en-GB')} organisations and ${loaded.ambassadors.toLocaleString('en-GB')}
ambassadors, loaded into Redis (${new URL(url).host}, from \`REDIS_URL\`) through the store's own scripts
(${loaded.seconds} s). A report streams
what it reads from the store and keeps only its tallies. Requests come in the chunks of 1,000 the
submit script appends them to: one GET of their JSON, then one Lua call per chunk for each request's
status, explanation and — only when the report looks at them — offers (unmet reads none; reach only
requests holding one); three chunks in flight. History comes in chunks of 1,000 tab-separated lines
(one MGET value each). Requests and history are read at the same time. Unmet reads ambassadors and
requests, reach requests and history, monthly requests and history. Baseline for each report: the
same streams read the same way, with no report work, in the same run. "Scan everything" reads every
stream whole, one after another. Target: under 10 s each.
Peak heap MB is the largest JS heap seen during the stage (garbage included): streaming keeps it
far below the size of the data (about 2 GB in Redis).

Seconds: the median of ${ROUNDS} rounds (range beside it). The machine is shared: its 1-minute load
average (other engineers' work included) was ${loadBefore.toFixed(1)} when the reports began and
${loadAfter.toFixed(1)} when they ended, on 2 cores.

${markdownTable(['stage', 'seconds', 'range', '× its scan', 'under 10 s', 'peak heap MB'], rows)}

The last recorded run before the chunks (this section at commit 9120a00; requests read hash by
hash, history by HSCAN, each report reading every stream whole): scan 14.72 s, unmet 11.53 s, reach
15.08 s, monthly 14.27 s.`,
    );
  } finally {
    await cleanup();
  }
}

const options = { as_of: AS_OF };
const ROUNDS = 3;

type Timed = Awaited<ReturnType<typeof timed>>;
const median = (ts: Timed[]): Timed =>
  [...ts].sort((a, b) => a.seconds - b.seconds)[Math.floor(ts.length / 2)]!;

/** A report's reads without its work: the same streams, each fact dropped as it arrives. */
function readsOnly(name: ReportName): ReportFactory {
  return (ctx) => {
    const real = REPORTS[name](ctx);
    const drop = () => {};
    return {
      ...(real.ambassador ? { ambassador: drop } : {}),
      ...(real.request ? { request: drop } : {}),
      ...(real.activity ? { activity: drop } : {}),
      ...(real.readsOffers ? { readsOffers: true } : {}),
      finish: () => ({
        title: `${name}: reads only`,
        sections: [{ heading: 'Nothing', text: [], tables: [], charts: [] }],
      }),
    };
  };
}

/** Wall time, and the largest JS heap seen while it ran (sampled): what streaming keeps in memory. */
async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; peak_mb: number; result: T }> {
  let peak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const began = performance.now();
  const result = await fn();
  const seconds = Math.round((performance.now() - began) / 10) / 100;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { seconds, peak_mb: Math.round(peak / 2 ** 20), result };
}

function validFrom(ambassadors: readonly Ambassador[], from: number, day: string): Ambassador {
  for (let i = 0; i < ambassadors.length; i++) {
    const a = ambassadors[(from + i) % ambassadors.length]!;
    if (dbsValidAt(a, `${day}T10:00:00+00:00`)) return a;
  }
  throw new Error(`no ambassador has a DBS check valid on ${day}`);
}

export async function load(store: Store) {
  const began = performance.now();
  const d = generateDataset({ scale: 'national', seed: 1, today: '2026-09-01' });
  await store.putHubs(d.hubs);
  await store.putOrganisations(d.organisations);
  await store.putAmbassadors(d.ambassadors);
  const random = new Random(7);
  const times = weeklyPattern('Mon-Fri 09:00-15:00');
  const pick = <T>(xs: readonly T[]): T => random.pick(xs);
  let filled = 0;
  let offers = 0;
  for (let from = 0; from < REQUESTS; from += CHUNK) {
    const batch: ActivityRequest[] = [];
    for (let i = from; i < Math.min(REQUESTS, from + CHUNK); i++) {
      const org = pick(d.organisations);
      const start = dayIn(random);
      batch.push(
        ActivityRequestSchema.parse({
          ...pick(d.requests),
          id: `R${i}`,
          organisation_id: org.id,
          hub: org.hub,
          window_start: start,
          window_end: new Date(Date.parse(start) + 21 * DAY_MS).toISOString().slice(0, 10),
          times,
          created_at: `${start}T08:00:00+00:00`,
        }),
      );
    }
    const stored = await Promise.all(batch.map((r) => store.submitRequest(r, 'hub:bench')));
    const fill: CommitFilled[] = [];
    const miss: CommitUnfilled[] = [];
    for (const { stored: s } of stored) {
      const r = s.request;
      if (random.chance(0.7)) {
        // The store offers only ambassadors whose DBS is valid on the day: the next one that is.
        const ambassador = validFrom(d.ambassadors, random.int(0, d.ambassadors.length - 1), r.window_start);
        const offer: Offer = {
          request_id: r.id,
          hub: r.hub,
          ambassador_id: ambassador.id,
          sessions: [
            {
              session: 1,
              start: `${r.window_start}T10:00:00+00:00`,
              end: `${r.window_start}T11:00:00+00:00`,
            },
          ],
          distance_km: random.int(1, 30),
          mode: 'in_person',
          status: 'offered',
          run_id: 'bench',
          offered_at: `${r.window_start}T02:00:00+00:00`,
          reply_by: `${r.window_start}T02:00:00+00:00`,
        };
        fill.push({ hub: r.hub, id: r.id, version: s.version, offers: [offer] });
        offers++;
      } else {
        const stage = random.int(0, FUNNEL_STAGES.length);
        const reason = UnfilledReason.options[Math.min(stage, UnfilledReason.options.length - 1)]!;
        miss.push({
          hub: r.hub,
          id: r.id,
          version: s.version,
          expire: r.window_end < AS_OF,
          explanation: {
            reason,
            filled: 0,
            needed: r.needed,
            nearest_km: random.int(1, 80),
            funnel: FUNNEL_STAGES.map((_, j) => (j < stage ? 10 - j : 0)),
            taken_by: [],
            run_id: 'bench',
          },
        });
      }
    }
    filled += fill.length;
    await store.commitComponent('bench', String(from), fill, miss);
    process.stderr.write(`\rrequests ${Math.min(REQUESTS, from + CHUNK)}/${REQUESTS}`);
  }
  for (let from = 0; from < HISTORY; from += CHUNK) {
    const batch: HistoryRecord[] = [];
    for (let i = from; i < Math.min(HISTORY, from + CHUNK); i++) {
      const day = dayIn(random);
      batch.push({
        organisation_id: pick(d.organisations).id,
        ambassador_id: pick(d.ambassadors).id,
        request_id: `H${i}`,
        activity_type: 'talk',
        start: `${day}T10:00:00+00:00`,
        end: `${day}T11:00:00+00:00`,
        status: day < AS_OF ? 'completed' : 'accepted',
        volunteer_hours: 1,
        participants: random.int(5, 60),
      });
    }
    await store.putHistory(batch);
    process.stderr.write(`\rhistory ${Math.min(HISTORY, from + CHUNK)}/${HISTORY}   `);
  }
  process.stderr.write('\n');
  return {
    organisations: d.organisations.length,
    ambassadors: d.ambassadors.length,
    requests: REQUESTS,
    filled,
    offers,
    history: HISTORY,
    seconds: Math.round((performance.now() - began) / 1000),
  };
}
