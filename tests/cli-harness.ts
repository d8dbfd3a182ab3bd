import { randomUUID } from 'node:crypto';
import { run } from '@stem-match/cli';
import { deleteByPrefix } from '@stem-match/store';
import type { Redis } from 'ioredis';

/** Runs `stem-match …` in-process and captures what it printed and its exit code. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, (onExit) => ({
    out: (t) => {
      out += t.endsWith('\n') ? t : `${t}\n`;
    },
    err: (t) => {
      err += t.endsWith('\n') ? t : `${t}\n`;
    },
    progress: () => ({ update: () => undefined, stop: () => undefined }),
    exit: onExit,
  }));
  return { code, out, err };
}

/**
 * Points the CLI run in this process (and workers it starts) at key prefixes of their own on the
 * test Redis, quietly; `clear` deletes their keys afterwards.
 */
export function cliPrefixes(label: string): {
  prefix: string;
  queuePrefix: string;
  clear(redis: Redis): Promise<void>;
} {
  const tag = randomUUID().slice(0, 8);
  const prefix = `test:${label}:{${tag}}`;
  const queuePrefix = `test-q:${label}:{${tag}}`;
  process.env.STEM_PREFIX = prefix;
  process.env.STEM_QUEUE_PREFIX = queuePrefix;
  process.env.LOG_LEVEL = 'silent';
  return {
    prefix,
    queuePrefix,
    async clear(redis) {
      await deleteByPrefix(redis, prefix);
      await deleteByPrefix(redis, queuePrefix);
    },
  };
}
