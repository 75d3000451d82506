// The protocol contract: what a protocol module hands the kernel (actor, roles, invariants, liveness, workload,
// model, bug flags, fault budget, probes). The kernel's own types are in types.ts.
import type { Actor, FaultKind, Message, NodeId, NodeSpec, NodeView, View, ClientOp, NetworkOptions, DiskOptions } from './types.ts';
import type { Prng } from './prng.ts';

/** A safety invariant: returns null when it holds, else what is wrong. */
export interface Invariant<S> {
  readonly name: string;
  readonly description: string;
  check(view: View<S>): string | null;
  /**
   * What the verdict reads, so the kernel may skip checks that cannot change it (sim/invariant-checks.ts):
   * - 'view' (default): anything, time and the client history (view.history) included; checked after every event
   *   that did something (a client call, reply or timeout counts).
   * - 'states': only node states, isUp/isPaused/incarnation, disks, partitions and alias bindings (not nowUs, not
   *   isNetworkHealed, not the client history); skipped after an event that changed none of them.
   * - 'node': checkNode(view, n) looks at one node (and memory of its own); called only for the nodes such an
   *   event changed. check(view) must give the same verdict as checkNode over every node (see nodeInvariant).
   * Full-check mode (tests, --check-determinism) ignores the scope and calls check(view) after every event.
   */
  readonly scope?: 'view' | 'states' | 'node';
  checkNode?(view: View<S>, node: NodeView<S>): string | null;
  /**
   * For 'states' and 'node' scopes: the node kinds (NodeSpec.kind) whose changes can change the verdict. Scoped runs
   * then call checkNode only for changed nodes of these kinds (a 'node' check), or check(view) only after an event
   * that changed such a node (a 'states' check; once however many changed); events that change everything (faults,
   * partitions, alias bindings) still run it. The check must then read other kinds' nodes only as of an event that
   * changed one of its own kinds. Full-check mode ignores it. Omitted: every kind.
   */
  readonly kinds?: readonly string[];
}

/** Options of nodeInvariant. */
export interface NodeInvariantOptions {
  /**
   * The whole-view check (full-check mode) still visits every node after a verdict, so a checkNode that remembers
   * each node's previous state keeps that memory current for the other nodes too (a hand-built sequence of views in a
   * test then reads the same as in scoped runs); the first verdict in node order is still the answer.
   */
  readonly visitAll?: boolean;
  /** Invariant.kinds: checkNode is called, in scoped runs, only for nodes of these kinds (it may still test the kind). */
  readonly kinds?: readonly string[];
}

/**
 * A per-node invariant: checkNode for the nodes an event changed, or every node in a full check.
 *
 * Scope 'node': a check that reads only the node it judges (its state, clock and incarnation) and its own memory of
 * that node runs, in scoped runs, only for the nodes an event changed: an unchanged node's state is the same object,
 * so asking again would change neither its verdict nor its memory (test/bench/invariant-scope.test.ts: both modes agree).
 */
export function nodeInvariant<S>(
  name: string, description: string, checkNode: (view: View<S>, node: NodeView<S>) => string | null, options: NodeInvariantOptions = {},
): Invariant<S> {
  const check = options.visitAll === true
    ? (view: View<S>): string | null => {
        let verdict: string | null = null;
        for (const n of view.nodes) {
          const found = checkNode(view, n);
          if (verdict === null) verdict = found;
        }
        return verdict;
      }
    : (view: View<S>): string | null => {
        for (const n of view.nodes) {
          const m = checkNode(view, n);
          if (m !== null) return m;
        }
        return null;
      };
  return options.kinds === undefined ? { name, description, scope: 'node', checkNode, check } : { name, description, scope: 'node', checkNode, check, kinds: options.kinds };
}

/**
 * A liveness predicate: must hold within the bound after the fault phase. Checked after every event of the liveness
 * phase that did something (client calls, replies and timeouts included), so a predicate may read the client history
 * (clientHistory(view): did an operation issued after the heal succeed?) and the client plan (clientPlan(view): does
 * this run schedule such operations at all? if not, such a predicate should hold vacuously) instead of having nodes
 * note client facts in their state. Evaluate it from the view alone: no memory across calls.
 */
export interface LivenessPredicate<S> {
  readonly name: string;
  readonly description: string;
  /** null when satisfied, else what is still missing. */
  check(view: View<S>): string | null;
}

/** An injectable bug, read by the actor through the BugSet. */
export interface BugFlag {
  /** Full name: `<protocol>/<kebab-name>`. */
  readonly id: string;
  readonly description: string;
  /** The invariant (or liveness predicate, or 'linearizability') it breaks. */
  readonly breaks: string;
}

/** Documentation for one option (units live in the option's name). */
export interface OptionDoc {
  readonly doc: string;
  /** Smallest and largest value a scenario may set (numbers; for a list, each element); outside them is bad input (exit 2). */
  readonly min?: number;
  readonly max?: number;
  /** What the number counts: 'us' (a duration, printed with units), 'count', 'bytes', 'per-second', 'flag' (0/1), 'enum', 'ratio' (a fraction). */
  readonly unit?: 'us' | 'count' | 'bytes' | 'per-second' | 'flag' | 'enum' | 'ratio';
}

/** A client operation scheduled by a workload. `target` is a node id or a role (see targets.ts). */
export interface ScheduledOp {
  readonly atUs: number;
  readonly target: string;
  readonly op: ClientOp;
  /** Logical client that issues it (one outstanding op per client in the history). */
  readonly client: number;
}

/** A sequential model for linearizability checking of the client history. */
export interface SequentialModel<St = unknown, In = unknown, Out = unknown> {
  readonly name: string;
  init(): St;
  /**
   * Is `output` legal for `input` in `state`? Returns the next state when it is. `output` is
   * undefined when the outcome is unknown (timeout, crash): accept it and return the state after
   * the input took effect (the checker also tries the op never taking effect by placing it last).
   */
  step(state: St, input: In, output: Out | undefined): readonly [boolean, St];
  /** Split a history into independent sub-histories (P-compositionality), e.g. by key. */
  partitionKey?(input: In): string;
  /** State equality for memoization (defaults to JSON equality). */
  key?(state: St): string;
  describe?(input: In, output: Out | undefined): string;
}

export interface Workload<O> {
  /** Draw the client operations of a run from the workload stream. */
  generate(prng: Prng, nodes: readonly NodeSpec[], opts: O, durationUs: number): ScheduledOp[];
  /** How long a client waits for a reply before recording the outcome as unknown. */
  readonly timeoutUs: number;
  readonly model?: SequentialModel<any, any, any>;
  /**
   * Is this reply a permitted anomaly of the real design that no node can see when it answers (e.g. a read served by a
   * server a newer quorum has already replaced)? Evaluated on the run's view as the reply is recorded; returns the
   * anomaly's name and a detail, or null. An excused reply is counted in RunResult.anomalies (once per reply, with an
   * `anomaly` trace record) and the linearizability check leaves its result unconstrained; keep the condition narrow
   * (sim/reply-excuse.ts).
   */
  excuse?(view: View<any>, node: NodeId, op: ClientOp, result: unknown, opts: O): { readonly anomaly: string; readonly detail: string } | null;
}

/** What the fuzzer may do to this protocol without making liveness meaningless. */
export interface FaultBudget {
  /** At most this many nodes of these kinds down (crashed or paused) at once. */
  readonly maxDownNodes: number;
  /** Node kinds the fuzzer may crash/pause (defaults to all). */
  readonly crashableKinds?: readonly string[];
  /** Fault kinds the fuzzer may draw (defaults to DEFAULT_FUZZ_KINDS in fuzz-plan.ts). */
  readonly kinds?: readonly FaultKind[];
  /** Role names the fuzzer may target besides node ids (e.g. "leader"); "any-<role>" works too. */
  readonly roleTargets?: readonly string[];
  /** Length of a fuzz run's fault phase (virtual time). */
  readonly fuzzFaultPhaseUs: number;
  /** Most fault steps one fuzz plan may hold. */
  readonly fuzzStepsMax: number;
  /** Option overrides for fuzz runs (e.g. short GC horizons so rare paths happen within fuzzFaultPhaseUs). */
  readonly fuzzOptions?: Readonly<Record<string, unknown>>;
  /**
   * BUGGIFY ranges: options a fuzz seed may draw within these ranges (each with probability 1/2, per seed) to widen
   * rare paths, e.g. a small commitLogCount so SNAP syncs happen. Merged over fuzzOptions; failure files record them.
   */
  readonly perturb?: Readonly<Record<string, PerturbRange>>;
}

/** An integer range (inclusive) or a list of values to pick from. */
export type PerturbRange = { readonly min: number; readonly max: number } | { readonly oneOf: readonly unknown[] };

/**
 * A "sometimes" mark: a state a good campaign must reach at least once (a snapshot only in memory, epoch files
 * disagreeing on disk). Never a failure; campaigns report which marks were reached and which never were.
 */
export interface Mark<S> {
  readonly name: string;
  readonly description: string;
  check(view: View<S>): boolean;
  /**
   * The ids of the nodes `check` reads (their state, liveness, pause, incarnation, disk: what sim/node-change.ts
   * compares), when it reads nothing else (not the time): an unmet mark can then only start to hold after an event that
   * changed one of them, and the coverage tracker asks it only then (sim/coverage.ts). Ids not in a run are ignored.
   */
  readonly reads?: readonly string[];
}

/** A named predicate scenario files can expect to hold ({"probe": "name", "within": "10s"}). */
export interface Probe<S> {
  readonly description: string;
  /** null when the predicate holds now, else what is missing. */
  check(view: View<S>, opts: any): string | null;
}

/**
 * A checker-side anomaly: a design-permitted hazard the kernel watches for in the world, because no node can see it
 * (two nodes holding one version with different content, say). Counted once per rising edge (sim/anomaly-probes.ts).
 */
export interface AnomalyProbe<S> {
  /** The anomaly's name in RunResult.anomalies; distinct from every name the protocol's nodes pass to ctx.anomaly. */
  readonly name: string;
  readonly description: string;
  /**
   * What the hazard looks like now (e.g. "cs0 and ds2 hold different tables at version 11"), or null when it is
   * absent. Reads only node states, isUp/isPaused/incarnation and disks (not time, partitions or aliases): it is
   * evaluated only after events that changed one of those.
   */
  present(view: View<S>, opts: any): string | null;
}

export interface ProtocolModule<S = any, M extends Message = any, O extends object = any> {
  readonly name: string;
  readonly description: string;
  /** Default options; every field documented in optionDocs. Units are part of option names. */
  readonly defaultOptions: O;
  readonly optionDocs: { readonly [K in keyof O]: OptionDoc };
  /** The nodes of a cluster with these options. */
  nodes(opts: O): NodeSpec[];
  readonly actor: Actor<S, M, O>;
  isMessage(x: unknown): x is M;
  /**
   * Role name → nodes currently in it (e.g. { leader: [n2], followers: [n1, n3] }). A function of the nodes' states,
   * isUp/isPaused and the network (partitions, alias bindings), not of time alone: the catalog's recording reuses the
   * last answer until one of those changes.
   */
  roles(view: View<S>, opts: O): Readonly<Record<string, readonly NodeId[]>>;
  readonly invariants: readonly Invariant<S>[];
  readonly liveness: readonly LivenessPredicate<S>[];
  /** Virtual time allowed for the liveness predicates to hold after heal. */
  livenessBoundUs(opts: O): number;
  /**
   * Optional: virtual time added to livenessBoundUs for work the fault phase left behind, judged on the state right
   * after the heal (crashed nodes restarted). For a promise that is a rate, not a deadline (a backlog drained at a
   * planner's pace): a fixed bound cannot hold for a backlog the run itself made. Only failing runs wait longer.
   */
  livenessExtraUs?(view: View<S>, opts: O): number;
  readonly workload?: Workload<O>;
  readonly bugs: readonly BugFlag[];
  readonly faultBudget: FaultBudget;
  /** Named predicates for scenario expectations (e.g. "versions-bumped-by-10"). */
  readonly probes?: Readonly<Record<string, Probe<S>>>;
  /** Network defaults for this protocol's runs (merged under the scenario's). */
  readonly network?: Partial<NetworkOptions>;
  readonly disk?: Partial<DiskOptions>;
  /**
   * Coverage feedback for guided fuzzing: an abstract tuple of one node's state (role, phase, sync mode, durable or
   * not, ...) as a short string, or null for nothing worth counting. Evaluated after every event for the node it ran on.
   */
  coverageKey?(node: NodeView<S>, view: View<S>): string | null;
  /**
   * What coverageKey reads, when it reads nothing but nodes (their state, liveness, pause, incarnation, disk: what
   * sim/node-change.ts compares; not the time): 'node' for its own node alone, or a function naming the other nodes a
   * node's key reads besides its own (ids not in a run are ignored). Declared, the coverage tracker keys a node only when
   * it or one of those changed since its key was last computed (sim/coverage.ts): the key would be the same text, already
   * in the run's set. Undeclared, every key is computed after every event it applies to.
   */
  readonly coverageKeyReads?: 'node' | ((id: NodeId) => readonly string[]);
  /** "Sometimes" marks: states campaigns must reach; reported as reached (first seed, count) or never reached. */
  readonly marks?: readonly Mark<S>[];
  /**
   * Checker-side anomalies: a probe name (the anomaly is present while `probes[name]` holds; it takes the probe's name)
   * or an AnomalyProbe. Each counts once per false -> true edge, with an `anomaly` trace record, into
   * RunResult.anomalies beside the ctx.anomaly counts (sim/anomaly-probes.ts).
   */
  readonly anomalyProbes?: readonly (string | AnomalyProbe<S>)[];
  /**
   * Every anomaly name the nodes (ctx.anomaly) or the workload's excuse can count, with one line each (anomaly probes
   * add their own names). When present, the kernel refuses to count any other name (the run ends as a crash naming it)
   * and a scenario expecting an unknown anomaly is bad input (sim/anomaly-names.ts). Omit it only in test fixtures.
   */
  readonly anomalies?: Readonly<Record<string, string>>;
}
