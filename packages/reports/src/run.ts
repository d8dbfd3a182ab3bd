import {
  type ReportDocument,
  ReportDocument as ReportDocumentSchema,
  type ReportName,
} from '@stem-match/domain';
import type { ReportBuilder, ReportContext, ReportRegistry } from './context.js';
import { academicYear, DEFINITIONS } from './definitions.js';
import { activitiesOf, type ReportSource } from './facts.js';
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
  const [hubs, organisations] = await Promise.all([source.hubs(), source.organisations()]);
  if (options.hub !== undefined && !hubs.some((h) => h.id === options.hub))
    throw new RangeError(`no hub "${options.hub}"; hubs are: ${hubs.map((h) => h.id).join(', ')}`);
  return {
    options,
    asOf,
    from,
    to,
    hubs: new Map(hubs.map((h) => [h.id, h])),
    organisations: new Map(organisations.map((o) => [o.id, o])),
    inScope: (hub) => options.hub === undefined || hub === options.hub,
  };
}

/** Streams every fact from the source through the builder, once. */
export async function feed(
  source: ReportSource,
  builder: ReportBuilder,
  progress?: ReportProgress,
): Promise<void> {
  let n = 0;
  for await (const batch of source.ambassadors()) {
    if (builder.ambassador) for (const a of batch) builder.ambassador(a);
    n += batch.length;
    progress?.('ambassadors', n);
  }
  n = 0;
  for await (const batch of source.requests()) {
    for (const r of batch) {
      builder.request?.(r);
      if (builder.activity) for (const a of activitiesOf(r)) builder.activity(a);
    }
    n += batch.length;
    progress?.('requests', n);
  }
  n = 0;
  for await (const batch of source.history()) {
    if (builder.activity) for (const a of batch) builder.activity(a);
    n += batch.length;
    progress?.('history', n);
  }
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
  const { title, sections } = builder.finish();
  const hub = ctx.options.hub;
  return ReportDocumentSchema.parse({
    report: name,
    title: hub ? `${title}: ${ctx.hubs.get(hub)?.name ?? hub}` : `${title}: all hubs`,
    generated_at: now.toISOString().replace('Z', '+00:00'),
    ...(hub ? { hub } : {}),
    from: ctx.from,
    to: ctx.to,
    source: source.describe,
    definitions: DEFINITIONS.map((d) => ({ ...d })),
    sections,
  } satisfies ReportDocument);
}
