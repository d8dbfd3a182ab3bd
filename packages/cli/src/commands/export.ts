import { writeRunOutputs } from '@stem-match/dataset';
import { type Assignment, BOOKING_STATUSES, type UnfilledRequest } from '@stem-match/domain';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { withService } from '../service.js';
import { table } from '../summary.js';

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description(
      'Write the current assignments and unfilled requests as assignments.csv / unfilled.csv (file-mode formats)',
    )
    .requiredOption('--out <dir>', 'directory to write into')
    .action(async (opts: { out: string }) => {
      const { assignments, unfilled } = await withService('producer', async ({ store }) => {
        const held = await store.getRequests([
          ...(await store.requestRefs('offered')),
          ...(await store.requestRefs('confirmed')),
        ]);
        const waiting = await store.getRequests([
          ...(await store.requestRefs('open')),
          ...(await store.requestRefs('unfilled')),
        ]);
        const assignments: Array<Omit<Assignment, 'status'>> = held.flatMap((r) =>
          r.offers
            .filter((o) => BOOKING_STATUSES.includes(o.status))
            .flatMap((o) =>
              o.sessions.map((s) => ({
                request_id: r.request.id,
                session: s.session,
                ambassador_id: o.ambassador_id,
                start: s.start,
                end: s.end,
                distance_km: o.distance_km,
                mode: o.mode,
              })),
            ),
        );
        const unfilled: UnfilledRequest[] = waiting.flatMap((r) =>
          r.explanation
            ? [
                {
                  request_id: r.request.id,
                  reason: r.explanation.reason,
                  filled: r.explanation.filled,
                  needed: r.explanation.needed,
                  ...(r.explanation.nearest_km === undefined ? {} : { nearest_km: r.explanation.nearest_km }),
                  funnel: r.explanation.funnel,
                },
              ]
            : [],
        );
        return { assignments, unfilled };
      });
      await writeRunOutputs(opts.out, {
        assignments,
        unfilled,
        summary: {
          exported_at: new Date().toISOString(),
          assignments: assignments.length,
          unfilled: unfilled.length,
        },
      });
      ctx.out(`Exported to ${opts.out}:`);
      ctx.out(
        table([
          ['assignments (sessions)', assignments.length],
          ['unfilled with a reason', unfilled.length],
        ]),
      );
    });
}
