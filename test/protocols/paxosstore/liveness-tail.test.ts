// tail-write-applied and tail-read-returned (the progress checks): a clean run chooses a tail write and reads it back;
// planted slips (a proposer that gives up or never reaches its peers, a reader that never counts an empty answer)
// pass every other check (a history of failed or unanswered operations is legal) and fail these.
import { describe, expect, it } from 'vitest';
import { drawPerturbedOptions, runSimulation } from '../../../sim/index.ts';
import type { Actor, Ctx, Input, ProtocolModule } from '../../../sim/index.ts';
import { FUZZ_OPTIONS, paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { PaxosStoreOptions } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { PsMsg } from '../../../protocols/paxosstore/messages.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';

type P = ProtocolModule<NodeState, PsMsg, PaxosStoreOptions>;
type PlantedHandle = (real: Actor<NodeState, PsMsg, PaxosStoreOptions>['handle'], ...a: Parameters<Actor<NodeState, PsMsg, PaxosStoreOptions>['handle']>) => NodeState;

/** The protocol with its handler wrapped; `withoutTail` drops the progress check (the liveness of last session). */
function planted(handle: PlantedHandle | null, withoutTail = false): P {
  const isTail = (name: string): boolean => name.startsWith('tail-');
  const real = paxosstoreProtocol.actor;
  const actor = handle === null ? real : { boot: real.boot, handle: (s: NodeState, i: Input<PsMsg>, c: Ctx<PsMsg>, o: PaxosStoreOptions, b: ReadonlySet<string>) => handle(real.handle, s, i, c, o, b) };
  return { ...paxosstoreProtocol, actor, liveness: withoutTail ? paxosstoreProtocol.liveness.filter((l) => !isTail(l.name)) : paxosstoreProtocol.liveness };
}

/** A proposer that gives up at once: every client write is answered failed, nothing is proposed. */
const giveUp: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (input.type === 'client' && input.op.type === 'write') { ctx.reply(input.reqId, { ok: false, error: 'planted-give-up' }); return s; }
  return real(s, input, ctx, o, b);
};

/** A proposer that never reaches its peers: the sends of a client write's own handler (its prepare or accept) are lost. */
const mute: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (input.type !== 'client' || input.op.type !== 'write') return real(s, input, ctx, o, b);
  const quiet: Ctx<PsMsg> = Object.create(ctx, { send: { value: () => {} }, sendDatagram: { value: () => {} } });
  return real(s, input, quiet, o, b);
};

/** A reader whose check-empty probe never completes: an `empty` answer never counts (paxos.ts onEmptyAnswer returns at once). */
const deafToEmpty: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (input.type === 'message' && input.msg.type === 'paxos' && input.msg.result === 'empty') return s;
  return real(s, input, ctx, o, b);
};

const run = (protocol: P, seed: number) => runSimulation({ protocol, seed, options: { ...FUZZ_OPTIONS }, faultPhaseUs: 2_000_000, faults: [] });

describe('paxosstore: tail-write-applied', () => {
  it('hold on clean runs: the liveness phase ends with a tail write applied everywhere and read back', () => {
    for (const seed of [1, 2]) {
      const r = run(planted(null), seed);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      const states = Object.values(r.finalStates as Record<string, NodeState | null>);
      expect(states.every((st) => st !== null && Object.values(st.entities).every((e) => e.db.kv['tail'] !== undefined))).toBe(true);
      // The read half, as the client history records it.
      const readBack = (e: string) => r.history.some((h) => h.op.type === 'read' && h.op['entity'] === e && h.op['key'] === 'tail' && h.outcome === 'ok' && typeof (h.result as { value?: unknown }).value === 'number');
      for (const e of ['e0', 'e1']) expect(readBack(e), e).toBe(true);
      // The plan told the checks at the heal that tail ops were coming: liveness waited for the first round (600 ms on).
      expect(r.livenessReachedAtUs).toBeGreaterThan(2_600_000);
    }
  });

  it('are vacuous in a run whose plan has no tail op (a scenario with its own ops), even with a proposer that gives up', () => {
    const ops = [{ atUs: 100_000, target: 'a1', client: 0, op: { type: 'write', entity: 'e0', key: 'k0', value: 1 } }];
    const r = runSimulation({ protocol: planted(giveUp), seed: 1, options: { ...FUZZ_OPTIONS }, faultPhaseUs: 2_000_000, faults: [], workload: ops });
    expect(r.verdict, r.violation?.message).toBe('pass');
    expect(r.history.every((h) => h.op['key'] !== 'tail')).toBe(true);
  });

  it('a proposer that gives up passes every other check, and fails this one', () => {
    expect(run(planted(giveUp, true), 1).verdict).toBe('pass');
    const r = run(planted(giveUp), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-write-applied');
    expect(r.violation?.message).toMatch(/no tail write applied on any node/);
  });

  it('a proposer whose client writes never reach a peer fails it too', () => {
    expect(run(planted(mute, true), 1).verdict).toBe('pass');
    const r = run(planted(mute), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-write-applied');
  });

  it('a reader that never counts an empty check-empty answer fails tail-read-returned (writes still succeed)', () => {
    expect(run(planted(deafToEmpty, true), 1).verdict).toBe('pass');
    const r = run(planted(deafToEmpty), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-read-returned');
    expect(r.violation?.message).toMatch(/no read of tail answered with a value/);
  });

  it('excuses exactly an entity a majority of amnesia fences closed (clean aimed seed 1240908: a2, a3 fenced at e0 entry 8)', () => {
    // Was seed 1200097 (ledger campaign of the sixth 2026-12-05 session: 42 of 5,000 seeds counted the waiver); that
    // seed's run changed with GetAllAndSet's two writes, the idle catch-up polling and PLog group commit (branch paxfid),
    // and 1240899 then; the eighth session's perturbed 2017 options (pre-auth, write-rejection lease, GetAllRsp queue) moved
    // the draws again, and 1240908 is the only seed in 1,240,750..1,241,149 where a majority of fences closes one entity
    // while the other takes a tail write. The tenth session's perturbed plogBatchMax shifted the draws of the options
    // after it in name order (recover*, writeRejectLeaseUs), so the seed runs here with the options it drew before that:
    // every perturbable option set explicitly (its fuzz or default value, then the draw without plogBatchMax).
    const { plogBatchMax: _added, ...ninth } = paxosstoreProtocol.faultBudget.perturb!;
    const unperturbed = Object.fromEntries(Object.keys(paxosstoreProtocol.faultBudget.perturb!).map((k) => [k, (FUZZ_OPTIONS as unknown as Record<string, unknown>)[k] ?? (paxosstoreProtocol.defaultOptions as unknown as Record<string, unknown>)[k]]));
    const r = runFuzzSeed({ protocol: paxosstoreProtocol, seed: 1240908, bugs: [], options: { ...unperturbed, ...drawPerturbedOptions(1240908, ninth) } });
    expect(r.verdict, r.violation?.message).toBe('pass');
    const states = r.finalStates as Record<string, NodeState>;
    // e0 never took a tail write and never will (a2 and a3 vote only above entry 8, so only a1 may vote there); e1 did, unexcused.
    expect(Object.values(states).every((st) => st.entities['e0']!.db.kv['tail'] === undefined)).toBe(true);
    expect(['a2', 'a3'].map((id) => states[id]!.entities['e0']!.amnesia?.fence)).toEqual([8, 8]);
    expect(Object.values(states).some((st) => st.entities['e1']!.db.kv['tail'] !== undefined)).toBe(true);
    // The waiver is counted, so a campaign's summary shows it.
    expect(r.anomalies['amnesia-majority-fenced'] ?? 0).toBeGreaterThan(0);
  });
});
