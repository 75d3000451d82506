// read-answers-well-formed, read-block-served, tair-save-scheduled, dataservers-registered, ds-holds-disk-blocks and
// oplog-header-crc-covers-content: clean runs pass them; the planted slips the mutation sample found (a read answered
// with no server / no ok flag / a code-less refusal / not at all, a master that stops saving global_block_id to Tair, a
// DS that ignores its own connection's close, a DS that forgets its blocks at a restart, a header CRC over nothing)
// pass every other check and fail one of these.
import { emptyBlocks } from '../../../protocols/tfs/block-map.ts';
import { describe, expect, it } from 'vitest';
import { crcOf, nodeId, runSimulation, seconds } from '../../../sim/index.ts';
import type { Actor, Ctx, FaultStep, Input, NodeView, ProtocolModule, View } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import { masterOnlyWithVip, oplogHeaderCrcCoversContent } from '../../../protocols/tfs/invariants.ts';
import { seal } from '../../../protocols/tfs/messages.ts';

type P = ProtocolModule<TfsState, TfsMsg, TfsOptions>;
type Handle = Actor<TfsState, TfsMsg, TfsOptions>['handle'];
type PlantedHandle = (real: Handle, ...a: Parameters<Handle>) => TfsState;

const NEW_CHECKS = ['read-answers-well-formed', 'read-block-served', 'tair-save-scheduled', 'dataservers-registered', 'ds-holds-disk-blocks'];

function planted(handle: PlantedHandle | null, withoutNew = false, boot = tfsProtocol.actor.boot): P {
  const real = tfsProtocol.actor;
  const actor = handle === null && boot === real.boot ? real : { boot, handle: handle === null ? real.handle : (s: TfsState, i: Input<TfsMsg>, c: Ctx<TfsMsg>, o: TfsOptions, b: ReadonlySet<string>) => handle(real.handle, s, i, c, o, b) };
  const keep = <T extends { name: string }>(xs: readonly T[]) => (withoutNew ? xs.filter((x) => !NEW_CHECKS.includes(x.name)) : xs);
  return { ...tfsProtocol, actor, invariants: keep(tfsProtocol.invariants), liveness: keep(tfsProtocol.liveness) };
}

/** The nameserver's read-block answers rewritten by `f` (resealed: the transport checksum must still pass). */
const rewriteReads = (f: (result: Record<string, unknown>) => Record<string, unknown> | null): PlantedHandle => (real, s, input, ctx, o, b) => {
  if (s.kind !== 'ns' || input.type !== 'message' || input.msg.type !== 'client-req' || input.msg.op.type !== 'read-block') return real(s, input, ctx, o, b);
  const c = Object.create(ctx) as Ctx<TfsMsg>;
  c.send = (conn, m) => {
    if (m.type !== 'client-resp' || !m.result.ok) return ctx.send(conn, m);
    const r = f({ ...m.result });
    if (r !== null) ctx.send(conn, seal({ type: 'client-resp', id: m.id, result: r as never }));
  };
  return real(s, input, c, o, b);
};

/** onTairSave with `s.role !== ""`: the first periodic save drops the timer and saves nothing, ever again. */
const noTairSaves: PlantedHandle = (real, s, input, ctx, o, b) =>
  s.kind === 'ns' && input.type === 'timer' && input.name === 'tair-save' ? { ...s, tairSaveTimer: null } : real(s, input, ctx, o, b);

/** dataserver.ts `if (input.connId !== s.conn) return s` → `if (true)`: a DS ignores its own connection's close. */
const deafToClose: PlantedHandle = (real, s, input, ctx, o, b) => (s.kind === 'ds' && input.type === 'conn-closed' ? s : real(s, input, ctx, o, b));

const run = (protocol: P, seed: number, faults: readonly FaultStep[] = []) =>
  runSimulation({ protocol, seed, options: FAST_OPTIONS, faultPhaseUs: seconds(12), faults });

/** dataserver.ts bootDs with `if (b.isRemoved === true)` → `if (true)`: a restarted DS forgets every block it held. */
const forgetfulBoot: P['actor']['boot'] = (node, disk, ctx, o, b) => {
  const s = tfsProtocol.actor.boot(node, disk, ctx, o, b);
  return s.kind === 'ds' ? { ...s, blocks: emptyBlocks<string>() } : s;
};
/** ds1's process down for 1 s mid-run: it boots again from its blocks file. */
const DS1_RESTART: FaultStep[] = [{ atUs: seconds(5), kind: 'crash', target: 'ds1', mode: 'process', forUs: seconds(1) }];

/** The master's machine down for 3 s: the VIP moves, every DS's connection to it closes and must be redialled. */
const MASTER_DOWN: FaultStep[] = [{ atUs: seconds(4), kind: 'crash', target: 'ns1', mode: 'machine', forUs: seconds(3) }];
/** ds1 cut off for 3 s: its connection to the master closes; ds2 alone keeps the tail's creates and writes going. */
const DS1_CUT: FaultStep[] = [{ atUs: seconds(4), kind: 'partition', groups: [['ds1'], ['agent', 'ns1', 'ns2', 'ds2', 'c1', 'c2', 'c3']], forUs: seconds(3) }];

describe('tfs: read-answers-well-formed, read-block-served, tair-save-scheduled, dataservers-registered', () => {
  it('hold on clean runs, with and without a failover (a read-block was served)', () => {
    for (const [seed, faults] of [[1, []], [2, MASTER_DOWN]] as const) {
      const r = run(planted(null), seed, faults);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      expect(r.history.some((h) => h.op.type === 'read-block' && h.client >= 300 && (h.result as { servers?: unknown[] } | undefined)?.servers?.length)).toBe(true);
    }
  });

  it('a read answered with no server (servers && []) passes every other check and fails read-block-served', () => {
    const slip = rewriteReads((r) => ({ ...r, servers: [] }));
    expect(run(planted(slip, true), 1).verdict).toBe('pass');
    const r = run(planted(slip), 1);
    expect(r.violation?.name).toBe('read-block-served');
    expect(r.violation?.message).toMatch(/no tail read-block returned ok with a server/);
  });

  it('a read never answered (the answer message emptied) fails read-block-served', () => {
    const slip = rewriteReads(() => null);
    expect(run(planted(slip, true), 1).verdict).toBe('pass');
    expect(run(planted(slip), 1).violation?.name).toBe('read-block-served');
  });

  it('an answer without an ok flag ({}) or a refusal without a status code fails read-answers-well-formed at once', () => {
    for (const [slip, why] of [[rewriteReads(() => ({})), /no ok flag/], [rewriteReads((r) => ({ ...r, ok: false })), /without a status code/]] as const) {
      expect(run(planted(slip, true), 1).verdict).toBe('pass');
      const r = run(planted(slip), 1);
      expect(r.violation?.name).toBe('read-answers-well-formed');
      expect(r.violation?.message).toMatch(why);
    }
  });

  it('a master that stops saving global_block_id to Tair fails tair-save-scheduled at its first save', () => {
    expect(run(planted(noTairSaves, true), 1).verdict).toBe('pass');
    const r = run(planted(noTairSaves), 1);
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe('tair-save-scheduled');
    expect(r.violation!.atUs).toBeLessThan(seconds(3));
  });

  it('a dataserver that ignores its connection closing passes every other check when only it was cut off, and fails dataservers-registered', () => {
    expect(run(planted(null), 2, DS1_CUT).verdict).toBe('pass');
    expect(run(planted(deafToClose, true), 2, DS1_CUT).verdict).toBe('pass');
    const r = run(planted(deafToClose), 2, DS1_CUT);
    expect(r.violation?.name).toBe('dataservers-registered');
    expect(r.violation?.message).toMatch(/ds1 not registered with ns1/);
  });

  it('a dataserver that forgets its blocks at a restart passes every other check, and fails ds-holds-disk-blocks at its boot', () => {
    expect(run(planted(null), 1, DS1_RESTART).verdict).toBe('pass');
    expect(run(planted(null, true, forgetfulBoot), 1, DS1_RESTART).verdict).toBe('pass');
    const r = run(planted(null, false, forgetfulBoot), 1, DS1_RESTART);
    expect(r.violation?.name).toBe('ds-holds-disk-blocks');
    expect(r.violation?.message).toMatch(/ds1 \(incarnation \d+\) booted from a blocks file holding block \d+ .*its memory does not/);
  });

  it('oplog-header-crc-covers-content holds on a clean run\'s master oplog and fails when the header CRC covers nothing', () => {
    const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: seconds(6), faults: [] });
    expect(r.verdict).toBe('pass');
    const states = r.finalStates as Record<string, TfsState>;
    const master = states['ns1'] as NsState;
    expect(master.oplog!.records.length).toBeGreaterThan(0);
    const viewOf = (st: Record<string, TfsState>): View<TfsState> => {
      const nodes: NodeView<TfsState>[] = Object.entries(st).map(([id, state]) => ({ id: nodeId(id), kind: state.kind, isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1 }));
      return { nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, node: (id) => nodes.find((n) => n.id === id)!, aliasHolder: () => nodeId('ns1'), canConnect: () => true };
    };
    expect(oplogHeaderCrcCoversContent.check(viewOf(states))).toBeNull();
    const records = master.oplog!.records;
    const last = records[records.length - 1]!;
    const damaged = { ...master, oplog: { ...master.oplog!, records: [...records.slice(0, -1), { ...last, header: { ...last.header, crc: crcOf({}) } }] } };
    expect(oplogHeaderCrcCoversContent.check(viewOf({ ...states, ns1: damaged }))).toMatch(/ns1's oplog record \d+ has header crc \d+, its content's is \d+/);
    // One view through the oplog's growth (the check remembers the newest record it found covered, per node): every
    // prefix passes, a damaged newest record fails after a covered one was remembered, and again when asked again.
    const view = viewOf(states);
    const nodes = view.nodes as NodeView<TfsState>[];
    const at = nodes.findIndex((n) => n.id === 'ns1');
    const withRecords = (rs: typeof records): NsState => ({ ...master, oplog: { ...master.oplog!, records: rs } });
    for (let k = 1; k <= records.length; k++) {
      nodes[at] = { ...nodes[at]!, state: withRecords(records.slice(0, k)) };
      expect(oplogHeaderCrcCoversContent.check(view)).toBeNull();
      expect(oplogHeaderCrcCoversContent.check(view)).toBeNull();
    }
    nodes[at] = { ...nodes[at]!, state: damaged };
    expect(oplogHeaderCrcCoversContent.check(view)).toMatch(/has header crc/);
    expect(oplogHeaderCrcCoversContent.check(view)).toMatch(/has header crc/);
  });

  it('master-only-with-vip fails on a master act recorded in the slave role (the ns-lease.ts keepalive slip), holds on the clean states', () => {
    const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: seconds(6), faults: [] });
    const states = r.finalStates as Record<string, TfsState>;
    const viewOf = (st: Record<string, TfsState>): View<TfsState> => {
      const nodes: NodeView<TfsState>[] = Object.entries(st).map(([id, state]) => ({ id: nodeId(id), kind: state.kind, isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1 }));
      return { nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, node: (id) => nodes.find((n) => n.id === id)!, aliasHolder: () => nodeId('ns1'), canConnect: () => true };
    };
    expect(masterOnlyWithVip.check(viewOf(states))).toBeNull();
    const slave = states['ns2'] as NsState;
    expect(slave.role).toBe('slave');
    const acted = { ...slave, lastMasterAct: { what: 'answer-keepalive', role: slave.role, status: slave.status, isVipLocal: false, lateUs: 0, checksSinceVipLost: 0 } };
    expect(masterOnlyWithVip.check(viewOf({ ...states, ns2: acted }))).toMatch(/ns2 acted as master \(answer-keepalive\) while initialized slave/);
  });
});
