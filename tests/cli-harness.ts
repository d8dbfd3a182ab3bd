import { run } from '@stem-match/cli';

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
