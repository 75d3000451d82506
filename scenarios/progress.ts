// Fuzz progress: a cli-progress bar on a terminal, plain periodic lines when stderr is not a TTY or CI is set.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, failures: number): void;
  /** Print a line without garbling the bar. */
  log(line: string): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 2_000;

export function createProgress(label: string, total: number): Progress {
  const started = Date.now();
  const rate = (done: number): string => (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
  const isPlain = !process.stderr.isTTY || process.env['CI'] !== undefined;
  if (isPlain) {
    let lastMs = 0;
    let last = { done: 0, failures: 0 };
    const line = (): void => void process.stderr.write(`${label}: ${last.done}/${total} seeds, ${rate(last.done)} seeds/s, ${last.failures} failures\n`);
    return {
      update(done, failures) {
        last = { done, failures };
        if (Date.now() - lastMs >= PLAIN_EVERY_MS) { lastMs = Date.now(); line(); }
      },
      log: (l) => void process.stderr.write(`${l}\n`),
      stop: line,
    };
  }
  const bar = new cliProgress.SingleBar({
    format: `${label} [{bar}] {value}/{total} seeds | {rate} seeds/s | {failures} failures | {duration_formatted}`,
    stream: process.stderr, hideCursor: true, clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, { rate: '0.0', failures: 0 });
  return {
    update: (done, failures) => bar.update(done, { rate: rate(done), failures }),
    log(l) {
      process.stderr.write(`\r\x1b[K${l}\n`);
      bar.render();
    },
    stop: () => bar.stop(),
  };
}
