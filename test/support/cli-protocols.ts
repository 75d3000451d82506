// Test-only protocols for the CLI's end-to-end tests, registered through REPLISIM_TEST_PROTOCOLS (scenarios/registry.ts).
// `register` passes; `flaky` is the same register with bug flags that reach each failing exit code on purpose.
import { isMainThread } from 'node:worker_threads';
import { isPoolWorkerProcess } from '../../scenarios/process-port.ts';
import type { Actor, Invariant, LivenessPredicate, ProtocolModule, View } from '../../sim/index.ts';
import { registerProtocol, type RegMsg, type RegOptions, type RegState } from './register.ts';

interface FlakyState extends RegState {
  readonly isFragile: boolean;
  readonly isStalled: boolean;
}

const base = registerProtocol.actor;

const actor: Actor<FlakyState, RegMsg, RegOptions> = {
  boot(node, disk, ctx, opts, bugs) {
    return { ...base.boot(node, disk, ctx, opts, bugs), isFragile: bugs.has('flaky/fragile-restart'), isStalled: bugs.has('flaky/stall') };
  },
  handle(s, input, ctx, opts, bugs) {
    if (input.type === 'timer' && input.name === 'ping') {
      if (bugs.has('flaky/throw') && ctx.nowUs > 1_000_000) throw new Error('flaky/throw: deliberate exception in a handler');
      // Stands for a seed that kills its worker thread or process (out of memory, a native crash).
      if (bugs.has('flaky/kill-worker') && ctx.nowUs > 1_000_000) {
        if (isMainThread && !isPoolWorkerProcess()) throw new Error('flaky/kill-worker: would end the worker thread');
        process.exit(9);
      }
      // Deliberately nondeterministic: the trace differs between two runs of the same seed.
      if (bugs.has('flaky/nondeterministic')) ctx.log(`coin ${Math.random() < 0.5 ? 'heads' : 'tails'}`);
    }
    // The register's transitions use immer on the whole state, so the extra fields ride along.
    return base.handle(s, input, ctx, opts, bugs) as FlakyState;
  },
};

/** Breaks as soon as a node restarts (crash or kill) while the fragile flag is on: one crash step is the minimal plan. */
const noFragileRestart: Invariant<FlakyState> = {
  name: 'no-fragile-restart',
  description: 'with flaky/fragile-restart, no node ever comes back from a crash',
  check(view: View<FlakyState>) {
    for (const n of view.nodes) if (n.state?.isFragile && n.incarnation > 1) return `${n.id} restarted (incarnation ${n.incarnation})`;
    return null;
  },
};

const notStalled: LivenessPredicate<FlakyState> = {
  name: 'not-stalled',
  description: 'no node is stalled by flaky/stall',
  check: (view) => (view.nodes.some((n) => n.state?.isStalled) ? 'a node is stalled' : null),
};

export const flakyProtocol: ProtocolModule<FlakyState, RegMsg, RegOptions> = {
  ...(registerProtocol as unknown as ProtocolModule<FlakyState, RegMsg, RegOptions>),
  name: 'flaky',
  description: 'test-only register with bug flags for every failing exit code',
  actor,
  invariants: [...(registerProtocol.invariants as unknown as Invariant<FlakyState>[]), noFragileRestart],
  liveness: [...(registerProtocol.liveness as unknown as LivenessPredicate<FlakyState>[]), notStalled],
  bugs: [
    { id: 'flaky/fragile-restart', description: 'a restarted node breaks an invariant', breaks: 'no-fragile-restart' },
    { id: 'flaky/stall', description: 'nodes never become live', breaks: 'not-stalled' },
    { id: 'flaky/throw', description: 'a handler throws after 1s', breaks: 'exception' },
    { id: 'flaky/kill-worker', description: 'the worker thread running the seed exits', breaks: 'worker' },
    { id: 'flaky/nondeterministic', description: 'the trace depends on Math.random', breaks: 'determinism' },
  ],
  faultBudget: { maxDownNodes: 1, fuzzFaultPhaseUs: 2_000_000, fuzzStepsMax: 6 },
};

export const testProtocols: readonly ProtocolModule[] = [registerProtocol, flakyProtocol];
