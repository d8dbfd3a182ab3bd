import cliProgress from 'cli-progress';

/** Reports progress of long work; shows a bar only once a stage has taken more than a second. */
export interface Progress {
  update(stage: string, done: number, total: number): void;
  stop(): void;
}

const SHOW_AFTER_MS = 1000;

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const interactive = stream.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let stage = '';
  let stageStarted = 0;
  let lastLine = Date.now();
  const finish = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    update(next, done, total) {
      const now = Date.now();
      if (next !== stage) {
        finish();
        stage = next;
        stageStarted = now;
      }
      if (now - stageStarted < SHOW_AFTER_MS && done < total) return;
      if (!interactive) {
        // Logs and CI get a line at most every five seconds, plus the end of each slow stage.
        if (now - lastLine >= 5000 || (done === total && now - stageStarted >= SHOW_AFTER_MS)) {
          stream.write(`${stage}: ${done}/${total}\n`);
          lastLine = now;
        }
        return;
      }
      if (!bar && now - stageStarted >= SHOW_AFTER_MS) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `${stage.padEnd(12)} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar?.update(done);
      if (done >= total) finish();
    },
    stop: finish,
  };
}
