import type { AuditEntry } from '@stem-match/domain';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { withService } from '../service.js';

export function registerHistory(program: Command, ctx: CommandContext): void {
  program
    .command('history <id>')
    .description("Show a request's (hub:id, or an id unique across hubs) or an ambassador's audit trail")
    .option('--json', 'print JSON lines', false)
    .action(async (id: string, opts: { json: boolean }) => {
      await withService('producer', async ({ redis, store }) => {
        const trails: Array<[string, AuditEntry[]]> = [];
        if (await redis.sismember(store.keys.ambassadors, id))
          trails.push([`ambassador ${id}`, await store.auditTrail({ ambassador: id })]);
        const refs = (await redis.sismember(store.keys.requests, id))
          ? [id]
          : (await redis.smembers(store.keys.requests)).filter((r) => r.endsWith(`:${id}`));
        for (const ref of refs.sort())
          trails.push([`request ${ref}`, await store.auditTrail({ request: ref })]);
        if (trails.length === 0) throw new CliError(`no request or ambassador with id ${id}`, EXIT.failed);
        for (const [title, entries] of trails) {
          if (!opts.json) ctx.out(`${title}:`);
          for (const e of entries) {
            ctx.out(
              opts.json
                ? JSON.stringify(e)
                : `  ${e.at}  ${e.event.padEnd(9)}  ${e.actor}${e.ambassador ? `  ambassador ${e.ambassador}` : ''}${e.detail ? `  (${e.detail})` : ''}`,
            );
          }
        }
      });
    });
}
