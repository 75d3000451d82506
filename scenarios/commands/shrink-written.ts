// The common end of both shrink modes (a failure, `shrink-hazard.ts`'s hazard): write the shrunk scenario atomically,
// say what shrank, then run the written file the way `run` reads it. It must be the run the shrinker kept (the same
// outcome, the same trace hash), or the command says so and exits as nondeterminism.
import { relative } from 'node:path';
import type { RunResult } from '../../sim/index.ts';
import { formatUs } from '../../sim/index.ts';
import { writeReportAtomic } from '../../reports/index.ts';
import { EXIT, runScenario } from '../scenario.ts';
import type { ShrinkReport } from '../shrink.ts';
import { isSameFailure, outcomeText, type ShrinkTarget } from '../shrink-accept.ts';
import { validateScenario } from '../load.ts';
import { paint as chalk, out } from './output.ts';

export interface ShrunkOutput {
  readonly outPath: string;
  readonly scenario: Record<string, unknown>;
  readonly report: ShrinkReport;
  readonly target: ShrinkTarget;
  /** "shrunk X, still Y" (the run count follows). */
  readonly headline: string;
  /** Lines printed after "scenario written" (the control the kept candidates passed). */
  readonly notes: readonly string[];
  /** What the re-run showed, after "checked: " (the trace hash follows). */
  readonly checked: (rerun: RunResult) => string;
}

export function writeShrunk(o: ShrunkOutput): number {
  const r = o.report;
  const shown = relative(process.cwd(), o.outPath) || o.outPath;
  writeReportAtomic(o.outPath, `${JSON.stringify(o.scenario, null, 2)}\n`);
  out(`${o.headline}, in ${r.runs} runs${r.isBudgetExhausted ? ' (budget used up; smaller may exist)' : ''}:`);
  for (const l of r.log) out(`  ${l}`);
  out(`  fault steps ${r.before.steps} → ${r.after.steps}, fault phase ${formatUs(r.before.durationUs)} → ${formatUs(r.after.durationUs)}, client operations ${r.before.clientOps} → ${r.after.clientOps}`);
  out(`scenario written: ${shown}`);
  for (const l of o.notes) out(l);
  const rerun = runScenario(validateScenario(o.outPath, JSON.parse(JSON.stringify(o.scenario)))).result;
  if (!isSameFailure(rerun, o.target) || rerun.traceHash !== r.final.traceHash) {
    out(chalk.red(`shrink: the written scenario does not run as shrunk: got ${outcomeText(rerun)} / trace ${rerun.traceHash}, shrunk ${outcomeText(r.final)} / trace ${r.final.traceHash}`));
    return EXIT.nondeterminism;
  }
  out(`  checked: ${o.checked(rerun)}, trace hash ${rerun.traceHash}`);
  out(`run it: npx replisim run ${shown}`);
  return EXIT.pass;
}
