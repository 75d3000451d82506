// CLI start-up: `replisim --help` and `replisim list` from the compiled bundle (dist/), next to a bare `node -e 0` and to
// the same command through tsx, each the best of several alternating runs (the least disturbed on a shared machine).
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- plain JavaScript launcher without type declarations
import { distProblem } from '../bin/launch.js';

const BIN = fileURLToPath(new URL('../bin/replisim.js', import.meta.url));
const ROUNDS = 7;
const TSX_ROUNDS = 2;
const TARGET_MS = 300;

function wallMs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

export async function benchStartup(): Promise<string[]> {
  const problem = (distProblem as () => string | null)();
  if (problem !== null) return [`(not measured: ${problem}; run \`npm run build\` first)`];
  const env = { ...process.env, NO_COLOR: '1' };
  const best = { node: Infinity, help: Infinity, list: Infinity };
  for (let i = 0; i < ROUNDS; i++) {
    best.node = Math.min(best.node, wallMs(['-e', '0']));
    best.help = Math.min(best.help, wallMs([BIN, '--help'], env));
    best.list = Math.min(best.list, wallMs([BIN, 'list'], env));
  }
  let tsx = Infinity;
  for (let i = 0; i < TSX_ROUNDS; i++) tsx = Math.min(tsx, wallMs([BIN, '--help'], { ...env, REPLISIM_FROM_SOURCE: '1' }));
  const line = (what: string, ms: number): string => `${what.padEnd(48)} ${ms.toFixed(0).padStart(5)} ms  (${(ms / best.node).toFixed(1)}× node -e 0)`;
  return [
    line('node -e 0', best.node),
    `${line('replisim --help (compiled dist/)', best.help)}  target < ${TARGET_MS} ms: ${best.help < TARGET_MS ? 'met' : 'NOT met'}`,
    line('replisim list (compiled, loads every scenario)', best.list),
    line('replisim --help through tsx (no dist/)', tsx),
    `best of ${ROUNDS} alternating runs (tsx: ${TSX_ROUNDS}); wall time of a whole process, node's own start-up included; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores (under load compare the ratios)`,
  ];
}
