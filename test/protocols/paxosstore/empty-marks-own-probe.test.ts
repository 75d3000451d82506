// empty-marks-own-probe: a clean aimed run and the clean stale-empty-answer-after-restart scenario pass it, hand-made
// entries with a stray mark fail it, and a planted slip that counts an empty answer on the entry it names although the
// pending read with its uuid probes another (what mutation sample 1's paxos.ts onEmptyAnswer `cmd.entry !== m.entry` →
// false does) fails the scenario at 1.5 s, when a2's answer to a1's probe from before its restart arrives. Without the
// new check the planted slip passes the scenario (no other check looks at entries other than the pending read's).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { scenarioRunConfig } from '../../../scenarios/to-run-config.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { PsMsg } from '../../../protocols/paxosstore/messages.ts';
import type { EntryInfo, NodeState } from '../../../protocols/paxosstore/state.ts';
import { emptyMarksOwnProbe } from '../../../protocols/paxosstore/empty-marks-invariant.ts';
import { freshEntry } from '../../../protocols/paxosstore/storage.ts';

const scenarioFile = join(import.meta.dirname, '../../../scenarios/paxosstore/stale-empty-answer-after-restart.json');

/**
 * The planted slip: after the real handler, an empty answer whose uuid is the pending check-empty read's but whose
 * entry is not is counted as a mark on the entry it names (created empty when missing, as entryOf does), unless our
 * record there is not empty, as onEmptyAnswer does with the entry test gone.
 */
const countsOnNamedEntry: ProtocolModule<NodeState, PsMsg, never> = {
  ...(paxosstoreProtocol as unknown as ProtocolModule<NodeState, PsMsg, never>),
  actor: {
    boot: paxosstoreProtocol.actor.boot as never,
    handle(s, input, ctx, o, bugs) {
      const next = (paxosstoreProtocol.actor.handle as never as typeof this.handle)(s, input, ctx, o, bugs);
      if (input.type !== 'message' || input.msg.type !== 'paxos' || input.msg.result !== 'empty') return next;
      const m = input.msg;
      const cmd = s.cmds[m.entity];
      if (cmd?.kind !== 'read' || cmd.valueId !== null || cmd.uuid !== m.uuid || cmd.entry === m.entry) return next;
      const ent = next.entities[m.entity]!;
      const info: EntryInfo = ent.entries[m.entry] ?? freshEntry(next.n);
      const local = info.records[next.idx]!;
      if (local.promised !== 0 || local.prepared !== 0 || local.accepted !== 0 || local.isChosen) return next;
      const checkedEmpty = info.checkedEmpty.map((x, j) => x || j === m.from);
      const checkedEmptyBy = info.checkedEmptyBy.map((x, j) => (j === m.from ? m.uuid : x));
      return { ...next, entities: { ...next.entities, [m.entity]: { ...ent, entries: { ...ent.entries, [m.entry]: { ...info, checkedEmpty, checkedEmptyBy } } } } };
    },
  },
};

const clean = runFuzzSeed({ protocol: paxosstoreProtocol, seed: 1, bugs: [] });
const check = (s: NodeState): string | null => emptyMarksOwnProbe.checkNode!({ nodes: [] } as never, { id: 'a1', state: s } as never);

describe('paxosstore: empty-marks-own-probe', () => {
  it('holds on the clean aimed run of seed 1 and on the clean scenario (checked after every event)', () => {
    expect(clean.verdict).toBe('pass');
    const o = runScenario(loadScenarioFile(scenarioFile));
    expect(o.isPassed).toBe(true);
  });

  it("fails a peer's mark that answers another probe than its entry's latest, or one on an entry never probed", () => {
    const s = clean.finalStates!['a1'] as NodeState;
    const ent = s.entities['e0']!;
    const withEntry = (info: EntryInfo): NodeState => ({ ...s, entities: { ...s.entities, e0: { ...ent, entries: { ...ent.entries, 99: info } } } });
    const fresh = freshEntry(s.n);
    const peer = (s.idx + 1) % s.n;
    const marked = (uuid: number, by: number): EntryInfo => ({
      ...fresh, checkedEmptyUuid: uuid,
      checkedEmpty: fresh.checkedEmpty.map((_, j) => j === s.idx || j === peer), checkedEmptyBy: fresh.checkedEmptyBy.map((_, j) => (j === peer ? by : 0)),
    });
    expect(check(withEntry(marked(7, 7)))).toBeNull();
    expect(check(withEntry(marked(7, 6)))).toBe(`a1 e0 entry 99: acceptor ${peer}'s check-empty mark answers probe 6, the entry's own latest probe is 7`);
    expect(check(withEntry(marked(0, 1)))).toBe(`a1 e0 entry 99: acceptor ${peer}'s check-empty mark answers probe 1, the entry's own latest probe is none`);
    // Our own mark (set by the read itself, with no uuid) is not a peer's answer.
    expect(check(withEntry({ ...fresh, checkedEmptyUuid: 3, checkedEmpty: fresh.checkedEmpty.map((_, j) => j === s.idx) }))).toBeNull();
  });

  it("fails the scenario once a1 counts a2's pre-restart answer on entry 1 while its read probes entry 3", () => {
    const r = runSimulation(scenarioRunConfig(loadScenarioFile(scenarioFile), countsOnNamedEntry as never));
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe('empty-marks-own-probe');
    // 4294967296 = server id 1 << 32, boot second 0, counter 0: a1's first read uuid in both incarnations.
    expect(r.violation?.message).toBe("a1 e0 entry 1: acceptor 1's check-empty mark answers probe 4294967296, the entry's own latest probe is none");
    const withoutCheck = { ...countsOnNamedEntry, invariants: paxosstoreProtocol.invariants.filter((i) => i.name !== 'empty-marks-own-probe') };
    expect(runSimulation(scenarioRunConfig(loadScenarioFile(scenarioFile), withoutCheck as never)).verdict).toBe('pass');
  });
});
