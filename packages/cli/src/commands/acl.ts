import { writeFile } from 'node:fs/promises';
import { ACL_USERS, type AclUser, aclFile, aclRules, loadConfig } from '@stem-match/queue';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { withService } from '../service.js';
import { table } from '../summary.js';

/** A Redis URL for `user` with `password`, from the service's own URL. */
function urlFor(base: string, user: string, password: string): string {
  const url = new URL(base);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

export function registerAcl(program: Command, ctx: CommandContext): void {
  program
    .command('acl')
    .description(
      "Write Redis ACL rules: each hub's producer user can reach only its own intake; plus worker and admin users",
    )
    .requiredOption('--out <file>', 'the ACL file to write (for redis.conf `aclfile`, then ACL LOAD)')
    .requiredOption('--credentials <file>', 'where to write each user and its password (JSON, mode 600)')
    .option('--hub <id...>', "hubs to create users for (default: every hub in the store's hub list)")
    .action(async (opts: { out: string; credentials: string; hub?: string[] }) => {
      let config: ReturnType<typeof loadConfig>;
      try {
        config = loadConfig();
      } catch (err) {
        throw new CliError(err instanceof Error ? err.message : String(err), EXIT.usage);
      }
      const hubs =
        opts.hub ??
        (await withService('producer', async ({ redis, store }) => redis.smembers(store.keys.hubs)));
      if (hubs.length === 0)
        throw new CliError('no hubs: import hubs.csv first, or name them with --hub', EXIT.usage);
      let users: ReturnType<typeof aclRules>;
      try {
        users = aclRules({ hubs, prefix: config.STEM_PREFIX, queuePrefix: config.STEM_QUEUE_PREFIX });
      } catch (err) {
        throw new CliError(err instanceof Error ? err.message : String(err), EXIT.usage);
      }
      await writeFile(opts.out, aclFile(users), { mode: 0o600 });
      const credentials = users.flatMap((u) =>
        u.password === undefined
          ? []
          : [{ user: u.user, hub: u.hub ?? null, url: urlFor(config.REDIS_URL, u.user, u.password) }],
      );
      await writeFile(opts.credentials, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
      ctx.out(`Wrote ${users.length} ACL users to ${opts.out}; their passwords are in ${opts.credentials}:`);
      const role = (u: AclUser) =>
        u.hub !== undefined
          ? `hub ${u.hub}: its own intake and offers queues, its own requests (read only)`
          : u.user === ACL_USERS.worker
            ? 'the workers'
            : u.user === ACL_USERS.admin
              ? 'operators and the CLI: everything'
              : 'switched off';
      ctx.out(table(users.map((u) => [u.user, role(u)] as const)));
      ctx.out('Load with: redis-cli ACL LOAD (aclfile set in redis.conf). The default user is switched off.');
    });
}
