import { NotFoundError } from '@stem-match/domain';
import { eraseAmbassador } from '@stem-match/store';
import { Argument, type Command } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { withService } from '../service.js';

export function registerErase(program: Command, ctx: CommandContext): void {
  program
    .command('erase')
    .description(
      "Erase a person's personal data (UK GDPR) everywhere it is stored, keeping the anonymous figures reports count",
    )
    .addArgument(new Argument('<kind>', 'whose data').choices(['ambassador']))
    .argument('<id>', "the ambassador's id")
    .action(async (_kind: 'ambassador', id: string) => {
      const erased = await withService('producer', async ({ store, config }) => {
        try {
          return await eraseAmbassador(store, id, { alsoUnder: [config.STEM_QUEUE_PREFIX] });
        } catch (err) {
          if (err instanceof NotFoundError) throw new CliError(err.message, EXIT.failed);
          throw err;
        }
      });
      ctx.out(
        `Erased ambassador ${id}: ${erased.fields.length > 0 ? erased.fields.join(', ') : 'no personal fields were on record'}` +
          ` removed from the record; their values replaced in ${erased.keys.length} other keys.`,
      );
      for (const key of erased.keys) ctx.out(`  ${key}`);
      ctx.out('Reports keep their figures (the id stays, with no personal data). Logs never held it.');
    });
}
