// Running a scenario: its RunConfig, its expectations checked during and after the run, and an exit code.
import { runSimulation } from '../sim/index.ts';
import type { RunConfig, RunResult, Verdict } from '../sim/index.ts';
import { findProtocol } from './registry.ts';
import { scenarioRunConfig } from './to-run-config.ts';
import { makeTrackers, judgeAfterRun, type ExpectationOutcome } from './expectations.ts';
import type { LoadedScenario } from './load.ts';
import { InputError } from './errors.ts';
import { EXIT } from './exit-codes.ts';

export { loadScenario, loadScenarioFile, listScenarioNames, validateScenario, type LoadedScenario } from './load.ts';

export interface ScenarioOutcome {
  readonly scenario: LoadedScenario;
  readonly result: RunResult;
  readonly expectations: readonly ExpectationOutcome[];
  readonly isPassed: boolean;
  readonly exitCode: number;
}

/** Exit codes of DESIGN.md §4 (their own module, so `--help` loads nothing else). */
export { EXIT };

export const verdictExitCode = (v: Verdict): number => (v === 'pass' ? EXIT.pass : EXIT[v]);

export interface ScenarioRunOverrides {
  readonly seed?: number;
  readonly bugs?: readonly string[];
  readonly run?: Partial<RunConfig>;
}

export function runScenario(s: LoadedScenario, o: ScenarioRunOverrides = {}): ScenarioOutcome {
  const protocol = findProtocol(s.protocol);
  if (protocol === undefined) throw new InputError(`${s.file}: unknown protocol ${s.protocol}`);
  const scenario: LoadedScenario = { ...s, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.bugs !== undefined ? { bugs: [...o.bugs] } : {}) };
  const opts = { ...protocol.defaultOptions, ...scenario.options };
  const trackers = makeTrackers(scenario.expect, protocol, opts);
  const outer = o.run?.onEvent;
  const cfg = scenarioRunConfig(scenario, protocol, {
    ...o.run,
    ...(trackers.length > 0 || outer ? {
      onEvent: (i, recs, view, node) => {
        for (const t of trackers) t.observe(view);
        outer?.(i, recs, view, node);
      },
    } : {}),
  });
  const result = runSimulation(cfg);
  const expectations = [...judgeAfterRun(scenario.expect, result), ...trackers.map((t) => t.finish())];
  const isPassed = expectations.every((e) => e.isMet);
  // An unmet expectation exits with the code of what actually happened (1 when the run itself passed).
  const exitCode = isPassed ? EXIT.pass : result.verdict === 'pass' ? EXIT.violation : verdictExitCode(result.verdict);
  return { scenario, result, expectations, isPassed, exitCode };
}

/** The same scenario with its bug flags removed, expected to pass: every bug scenario's control run. */
export function cleanVariant(s: LoadedScenario): LoadedScenario {
  return { ...s, bugs: [], expect: [{ verdict: 'pass' }] };
}
