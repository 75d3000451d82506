// role-ask-tries-bounded, term-base-past-skip, reported-blocks-located and ds-holds-disk-blocks' second direction (ninth
// session): clean runs pass them; the planted slips the mutation sample left alive (an establish_peer_role_ that gives
// up after one try, a new term based below local + skip, a master that learns no location from a block report, a
// restarted DS that brings back the blocks its file removed) pass every other check and fail one of these.
import { BlockMap } from '../../../protocols/tfs/block-map.ts';
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import type { Actor, Ctx, FaultStep, Input, ProtocolModule } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import { roleAskTriesBounded } from '../../../protocols/tfs/role-ask-check.ts';
import { termBasePastSkip } from '../../../protocols/tfs/term-base-check.ts';
import { seal } from '../../../protocols/tfs/messages.ts';
import { viewOf } from './fake-view.ts';

type P = ProtocolModule<TfsState, TfsMsg, TfsOptions>;
type Handle = Actor<TfsState, TfsMsg, TfsOptions>['handle'];
type PlantedHandle = (real: Handle, ...a: Parameters<Handle>) => TfsState;

/** The real protocol with a planted handler and/or boot, and optionally without the check under test. */
function planted(handle: PlantedHandle | null, without: string | null = null, boot = tfsProtocol.actor.boot): P {
  const real = tfsProtocol.actor;
  const actor = { boot, handle: handle === null ? real.handle : (s: TfsState, i: Input<TfsMsg>, c: Ctx<TfsMsg>, o: TfsOptions, b: ReadonlySet<string>) => handle(real.handle, s, i, c, o, b) };
  const keep = <T extends { name: string }>(xs: readonly T[]) => xs.filter((x) => x.name !== without);
  return { ...tfsProtocol, actor, invariants: keep(tfsProtocol.invariants), liveness: keep(tfsProtocol.liveness) };
}

/** The master's machine down for 3 s at 4 s: the VIP moves to ns2, whose role ask to ns1 goes unanswered twice. */
const MASTER_DOWN: FaultStep[] = [{ atUs: seconds(4), kind: 'crash', target: 'ns1', mode: 'machine', forUs: seconds(3) }];
const run = (protocol: P, seed: number, faults: readonly FaultStep[], options: Readonly<Record<string, unknown>> = FAST_OPTIONS) =>
  runSimulation({ protocol, seed, options, faultPhaseUs: seconds(12), faults });

/** ns-role.ts onRoleAskTimeout with the retry test failing at once (`>=` / `false`): the first timeout gives the ask up. */
const givesUpAtOnce: PlantedHandle = (real, s, input, ctx, o, b) =>
  s.kind === 'ns' && input.type === 'timer' && input.name === 'role-ask-timeout' && s.roleAsk?.tries === 1 ? real(s, input, ctx, { ...o, keepaliveTriesMax: 1 }, b) : real(s, input, ctx, o, b);

/**
 * ns-role.ts switchSlaveToMaster with `- skip` for `+ skip`: the new term's local id is local - skip, so the Tair answer
 * is max(tair + skip, local - skip) (agent.ts periodic mode) and the base max of that and local - skip. Planted where
 * the answer arrives: the state's id and the answer's value as the slip leaves them.
 */
const baseBelowSkip: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (s.kind !== 'ns' || input.type !== 'message' || input.msg.type !== 'tair-advanced' || s.switchedFrom == null || s.role !== 'master' || input.msg.mirror === undefined) return real(s, input, ctx, o, b);
  const { blockId, skip } = s.switchedFrom;
  const { sum: _sum, ...unsealed } = input.msg;
  const msg = seal({ ...unsealed, value: Math.max(input.msg.mirror + skip, blockId - skip) });
  return real({ ...s, globalBlockId: blockId - skip }, { ...input, msg }, ctx, o, b);
};

/** ns-serve.ts onBlockReport with `learnt[key] = []`: each reported block the master did not locate there gets no server. */
const learnsNothing: PlantedHandle = (real, s, input, ctx, o, b) => {
  const next = real(s, input, ctx, o, b);
  if (s.kind !== 'ns' || next.kind !== 'ns' || input.type !== 'message' || input.msg.type !== 'block-report' || next.dsReported[input.from] !== true) return next;
  const blocks = next.blocks.draft();
  for (const id of input.msg.blocks) if (!(s.blocks.get(id) ?? []).includes(input.from)) blocks.set(id, []);
  return { ...next, blocks: blocks.done() ?? next.blocks };
};

/** dataserver.ts bootDs with `if (b.isRemoved === true)` → `if (false)`: removal records fold as creations (tag undefined). */
const removalsIgnoredAtBoot: P['actor']['boot'] = (node, disk, ctx, o, b) => {
  const s = tfsProtocol.actor.boot(node, disk, ctx, o, b);
  if (s.kind !== 'ds') return s;
  const blocks: Record<string, string> = s.blocks.toJSON();
  for (const r of disk.get('blocks') ?? []) {
    const d = r.data as { blockId: number; tag: string; isRemoved?: boolean };
    if (d.isRemoved === true) blocks[String(d.blockId)] = d.tag;
  }
  return { ...s, blocks: BlockMap.of(blocks) };
};

describe('tfs: ninth-session checks for the mutation sample survivors', () => {
  it('role-ask-tries-bounded: a clean failover gives the ask up after 2 of 2 tries; one that gives up after 1 passes every other check and fails it', () => {
    const clean = run(planted(null), 1, MASTER_DOWN);
    expect(clean.verdict).toBe('pass');
    expect((clean.finalStates['ns2'] as NsState).roleAskGivenUp).toMatchObject({ tries: 2, triesMax: 2 });
    expect(run(planted(givesUpAtOnce, 'role-ask-tries-bounded'), 1, MASTER_DOWN).verdict).toBe('pass');
    const r = run(planted(givesUpAtOnce), 1, MASTER_DOWN);
    expect(r.violation?.name).toBe('role-ask-tries-bounded');
    expect(r.violation?.message).toMatch(/ns2 gave its get-role ask up after 1 unanswered tries, not 2/);
  });

  it('role-ask-tries-bounded fails a pending ask past its bound, below try 1, or of the other phase\'s kind (the `<=`, `true`, `tries - 1` and retried-kind slips)', () => {
    const states = run(planted(null), 1, MASTER_DOWN).finalStates as Record<string, TfsState>;
    const ns2 = states['ns2'] as NsState;
    expect(roleAskTriesBounded.check(viewOf(states, 0, 'ns2'))).toBeNull();
    const asking = (tries: number): NsState => ({ ...ns2, roleAsk: { id: 1, tries, timerId: 0 as never, kind: 'get-role', sentAtUs: 0, triesMax: 2 } });
    expect(roleAskTriesBounded.check(viewOf({ ...states, ns2: asking(2) }, 0, 'ns2'))).toBeNull();
    expect(roleAskTriesBounded.check(viewOf({ ...states, ns2: asking(3) }, 0, 'ns2'))).toMatch(/ns2 asks its peer's role on try 3, outside 1..2/);
    expect(roleAskTriesBounded.check(viewOf({ ...states, ns2: asking(0) }, 0, 'ns2'))).toMatch(/on try 0, outside 1..2/);
    // The retried-kind slips: an initialized NS's switch ask retried as initialize()'s, or with its kind emptied.
    const asKind = (kind: string): NsState => ({ ...asking(2), roleAsk: { ...asking(2).roleAsk!, kind: kind as never } });
    expect(roleAskTriesBounded.check(viewOf({ ...states, ns2: asKind('startup-role') }, 0, 'ns2'))).toMatch(/ns2 \(initialized\) asks its peer's role as 'startup-role' on try 2, not 'get-role'/);
    expect(roleAskTriesBounded.check(viewOf({ ...states, ns2: asKind('') }, 0, 'ns2'))).toMatch(/as '' on try 2, not 'get-role'/);
  });

  it('term-base-past-skip: a clean switch bases the term at or past local + skip; the `- skip` slip passes every other check and fails it', () => {
    const clean = run(planted(null), 1, MASTER_DOWN);
    expect(clean.verdict).toBe('pass');
    const ns2 = clean.finalStates['ns2'] as NsState;
    expect(ns2.switchedFrom).not.toBeNull();
    expect(ns2.globalBlockId).toBeGreaterThanOrEqual(ns2.switchedFrom!.blockId + ns2.switchedFrom!.skip);
    expect(termBasePastSkip.check(viewOf(clean.finalStates as Record<string, TfsState>, 0, 'ns2'))).toBeNull();
    expect(run(planted(baseBelowSkip, 'term-base-past-skip'), 1, MASTER_DOWN).verdict).toBe('pass');
    const r = run(planted(baseBelowSkip), 1, MASTER_DOWN);
    expect(r.violation?.name).toBe('term-base-past-skip');
    expect(r.violation?.message).toMatch(/ns2 switched in at global_block_id \d+ \(skip 100000\) and allocates from \d+/);
  });

  it('reported-blocks-located: a master that learns no location from block reports passes every other check and fails it', () => {
    // A slow flush leaves the old master's last blocks unshipped: the new master learns them only from the reports.
    const options = { ...FAST_OPTIONS, oplogFlushIntervalUs: seconds(3) };
    expect(run(planted(null), 1, MASTER_DOWN, options).verdict).toBe('pass');
    expect(run(planted(learnsNothing, 'reported-blocks-located'), 1, MASTER_DOWN, options).verdict).toBe('pass');
    const r = run(planted(learnsNothing), 1, MASTER_DOWN, options);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('reported-blocks-located');
    expect(r.violation?.message).toMatch(/ds\d reported and holds block \d+; ns2 locates it at \[\]/);
  });

  it('ds-holds-disk-blocks: a restarted DS that folds removal records as creations passes every other check and fails it (fuzz seed 113: ds2 restarts after a delete)', () => {
    const seed = 113;
    expect(runFuzzSeed({ protocol: tfsProtocol, seed }).verdict).toBe('pass');
    expect(runFuzzSeed({ protocol: planted(null, 'ds-holds-disk-blocks', removalsIgnoredAtBoot) as ProtocolModule, seed }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(null, null, removalsIgnoredAtBoot) as ProtocolModule, seed });
    expect(r.violation?.name).toBe('ds-holds-disk-blocks');
    expect(r.violation?.message).toMatch(/ds2 \(incarnation \d+\) booted holding block \d+, which its blocks file removed/);
  });
});
