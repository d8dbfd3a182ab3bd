import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';

/** Escapes a key prefix for SCAN MATCH. */
const pattern = (prefix: string) => `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;

/**
 * Every value stored under the prefixes, as text, by key: strings (gzipped ones unzipped, and run
 * inputs kept for replay, which are brotli), hashes,
 * lists, sets, sorted sets and streams — whatever a person's data could hide in.
 */
export async function dumpKeys(redis: Redis, prefixes: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const prefix of prefixes) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern(prefix), 'COUNT', 1000);
      for (const key of keys) out.set(key, await readKey(redis, key));
      cursor = next;
    } while (cursor !== '0');
  }
  return out;
}

async function readKey(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case 'string': {
      const raw = await redis.getBuffer(key);
      if (!raw) return '';
      if (raw[0] === 0x1f && raw[1] === 0x8b) return gunzipSync(raw).toString('utf8');
      // Brotli has no magic number: the replay record's keys are named for it.
      if (/:replay:\d+$/.test(key)) return brotliDecompressSync(raw).toString('utf8');
      return raw.toString('utf8');
    }
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}

/** The places (key or source name) where any of the needles occurs, case-insensitively. */
export function findNeedles(haystacks: ReadonlyMap<string, string>, needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const [where, text] of haystacks) {
    const lower = text.toLowerCase();
    for (const needle of needles) if (lower.includes(needle.toLowerCase())) found.push(`${where}: ${needle}`);
  }
  return found;
}
