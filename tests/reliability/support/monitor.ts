import { Redis } from 'ioredis';

/** One command as Redis ran it: its arguments and who sent it (`ip:port`, or `lua` inside a script). */
export interface SeenCommand {
  args: string[];
  source: string;
}

/**
 * Watches every command a (private, test-owned) Redis runs, through MONITOR, so a test can act at an
 * exact point of another process's work: "kill the matcher on its 40th command", "… as it commits".
 */
export async function watchCommands(url: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  const monitor = await redis.monitor();
  monitor.on('error', () => undefined);
  const ignored = new Set<string>();
  let listener: ((c: SeenCommand) => void) | undefined;
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (!ignored.has(source)) listener?.({ args, source });
  });
  return {
    /** Commands from these clients (`ip:port`, e.g. the test's own connections) are not counted. */
    ignore(source: string) {
      ignored.add(source);
    },
    /**
     * Resolves on the n-th command matching `which` from now on. Only one wait at a time; `cancel`
     * drops it.
     */
    nth(which: (c: SeenCommand) => boolean, n: number): { reached: Promise<SeenCommand>; cancel(): void } {
      let seen = 0;
      const reached = new Promise<SeenCommand>((resolve) => {
        listener = (c) => {
          if (which(c) && ++seen === n) {
            listener = undefined;
            resolve(c);
          }
        };
      });
      return {
        reached,
        cancel: () => {
          listener = undefined;
        },
      };
    },
    close() {
      monitor.disconnect();
      redis.disconnect();
    },
  };
}

/** The address a connection talks from, as MONITOR names it. */
export async function sourceOf(redis: Redis): Promise<string> {
  await redis.ping();
  return `127.0.0.1:${redis.stream.localPort}`;
}
