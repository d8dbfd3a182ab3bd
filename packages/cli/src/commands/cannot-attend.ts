import { connect, createHubClient } from '@stem-match/queue';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { withService } from '../service.js';

/**
 * An ambassador's "can no longer attend" (the reply a reminder offers), sent as the hub: their offer
 * ends and the next free substitute is offered the sessions not yet held (the offer cascade).
 */
export function registerCannotAttend(program: Command, ctx: CommandContext): void {
  program
    .command('cannot-attend <request> <ambassador>')
    .description(
      'An ambassador can no longer attend a request they accepted (or were offered): the next free substitute is offered it at once',
    )
    .requiredOption('--hub <hub>', 'the hub the request belongs to')
    .action(async (request: string, ambassador: string, opts: { hub: string }) => {
      await withService('producer', async ({ config }) => {
        const connection = connect(config, 'producer');
        const client = createHubClient({
          hub: opts.hub,
          connection,
          prefix: config.STEM_PREFIX,
          queuePrefix: config.STEM_QUEUE_PREFIX,
        });
        try {
          await client.cannotAttend({ request_id: request, ambassador_id: ambassador });
        } finally {
          await client.close();
          connection.disconnect();
        }
        ctx.out(
          `Sent: ambassador ${ambassador} can no longer attend ${opts.hub}:${request}. ` +
            `See \`stem-match history ${opts.hub}:${request}\` for the substitute offered.`,
        );
      });
    });
}
