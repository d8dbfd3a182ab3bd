import {
  type ReportDocument,
  ReportDocument as ReportDocumentSchema,
  type ReportName,
} from '@stem-match/domain';
import type { ReportBuilder, ReportContext, ReportRegistry } from './context.js';
import { academicYear, DEFINITIONS } from './definitions.js';
import { type ActivityFact, activitiesOf, type ReportSource, type RequestFact } from './facts.js';
import { interleave } from './interleave.js';
import { ReportOptions, type ReportOptionsInput } from './options.js';

/** Called as facts stream in: what is being read, and how many so far. */
export type ReportProgress = (stage: 'ambassadors' | 'requests' | 'history', done: number) => void;

/** Today's date in the UK. */
export function todayInLondon(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}

export async function buildContext(
  source: ReportSource,
  input: ReportOptionsInput,
  now: Date,
): Promise<ReportContext> {
  const options = ReportOptions.parse(input);
  const asOf = options.as_of ?? options.to ?? todayInLondon(now);
  // By default the whole academic year of the report date: open requests and confirmed activities
  // later in the year are part of it.
  const to = options.to ?? academicYear(asOf).to;
  const from = options.from ?? academicYear(to).from;
  if (from > to) throw new RangeError(`--from ${from} is after --to ${to}`);
  const [hubs, organisations, employers] = await Promise.all([
    source.hubs(),
    source.organisations(),
    source.employers?.() ?? [],
  ]);
  if (options.hub !== undefined && !hubs.some((h) => h.id === options.hub))
    throw new RangeError(`no hub "${options.hub}"; hubs are: ${hubs.map((h) => h.id).join(', ')}`);
  return {
    options,
    asOf,
    from,
    to,
    hubs: new Map(hubs.map((h) => [h.id, h])),
    organisations: new Map(organisations.map((o) => [o.id, o])),
    employers: new Map(employers.map((e) => [e.employer, e.volunteering_days_per_year])),
    inScope: (hub) => options.hub === undefined || hub === options.hub,
  };
}

/**
 * Streams the facts the builder takes through it, once; a stream nobody reads is not read (the unmet
 * report never reads history, reach never reads ambassadors), and requests are read only as far as
 * the builder looks at them (unmet without offers, reach only those holding offers). Ambassadors come
 * first; requests and recorded history are read at the same time and arrive interleaved.
 */
export async function feed(
  source: ReportSource,
  builder: ReportBuilder,
  progress?: ReportProgress,
): Promise<void> {
  const { ambassador, request, activity } = builder;
  const done = { ambassadors: 0, requests: 0, history: 0 };
  const count = (stage: keyof typeof done, n: number) => {
    done[stage] += n;
    progress?.(stage, done[stage]);
  };
  if (ambassador)
    for await (const batch of source.ambassadors()) {
      for (const a of batch) ambassador(a);
      count('ambassadors', batch.length);
    }
  type Batch = { requests: readonly RequestFact[] } | { history: readonly ActivityFact[] };
  const reads = { offers: activity !== undefined || builder.readsOffers === true, withOffersOnly: !request };
  const streams: Array<AsyncIterable<Batch>> = [];
  if (request || activity) streams.push(tag(source.requests(reads), (requests) => ({ requests })));
  if (activity) streams.push(tag(source.history(), (history) => ({ history })));
  for await (const batch of interleave(streams)) {
    if ('requests' in batch) {
      for (const r of batch.requests) {
        request?.(r);
        if (activity) for (const a of activitiesOf(r)) activity(a);
      }
      count('requests', batch.requests.length);
    } else {
      for (const a of batch.history) activity!(a);
      count('history', batch.history.length);
    }
  }
}

async function* tag<T, U>(batches: AsyncIterable<T>, as: (batch: T) => U): AsyncIterable<U> {
  for await (const batch of batches) yield as(batch);
}

export async function runReport(
  registry: ReportRegistry,
  name: ReportName,
  source: ReportSource,
  input: ReportOptionsInput = {},
  options: { now?: Date; progress?: ReportProgress } = {},
): Promise<ReportDocument> {
  const now = options.now ?? new Date();
  const ctx = await buildContext(source, input, now);
  const builder = registry[name](ctx);
  await feed(source, builder, options.progress);
  const { title, sections, period } = builder.finish();
  const hub = ctx.options.hub;
  return ReportDocumentSchema.parse({
    report: name,
    title: hub ? `${title}: ${ctx.hubs.get(hub)?.name ?? hub}` : `${title}: all hubs`,
    generated_at: now.toISOString().replace('Z', '+00:00'),
    ...(hub ? { hub } : {}),
    from: period?.from ?? ctx.from,
    to: period?.to ?? ctx.to,
    source: source.describe,
    definitions: DEFINITIONS.map((d) => ({ ...d })),
    sections,
  } satisfies ReportDocument);
}
