// published-entries-unchanged: a clean aimed run passes it (the check after every event that changed a node), and a
// planted write into an entry object of a state already published fails it, as the surviving mutant of mutation sample
// 2 (env.ts entryOf `cur !== undefined && isOwned(cur)` → `||`: every existing entry written without its copy) did.
// States are not frozen here (freezeStates: false, as fuzz runs), so the check, not a frozen object, sees the write.
import { describe, expect, it } from 'vitest';
import { seconds } from '../../../sim/index.ts';
import type { NodeView, ProtocolModule } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import { publishedEntriesUnchanged } from '../../../protocols/paxosstore/published-entries-invariant.ts';
import { freshEntry } from '../../../protocols/paxosstore/storage.ts';

/** The planted slip: from 1 s on, before each of a1's events, a1's first entry object is written in place. */
const writesPublished: ProtocolModule<NodeState, never, never> = {
  ...(paxosstoreProtocol as unknown as ProtocolModule<NodeState, never, never>),
  actor: {
    boot: paxosstoreProtocol.actor.boot as never,
    handle(s, input, ctx, o, bugs) {
      if (ctx.self === 'a1' && ctx.nowUs >= seconds(1)) {
        for (const e in s.entities) {
          const entries = s.entities[e]!.entries;
          const first = Object.keys(entries)[0];
          if (first === undefined) continue;
          const x = entries[Number(first)] as { catchupAtUs: number };
          x.catchupAtUs = x.catchupAtUs + 1;
          break;
        }
      }
      return (paxosstoreProtocol.actor.handle as never as typeof this.handle)(s, input, ctx, o, bugs);
    },
  },
};

describe('paxosstore: published-entries-unchanged', () => {
  it('holds on a clean aimed run (seed 1)', () => {
    const r = runFuzzSeed({ protocol: paxosstoreProtocol, seed: 1, run: { freezeStates: false } });
    expect(r.verdict).toBe('pass');
  });

  it('fails a run whose handler writes into an entry of a published state (seed 1)', () => {
    const r = runFuzzSeed({ protocol: writesPublished as never, seed: 1, run: { freezeStates: false } });
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe('published-entries-unchanged');
    expect(r.violation?.message).toMatch(/^a1 e\d entry \d+: field catchupAtUs of an entry object already published/);
  });
});

describe('paxosstore: published-entries-unchanged, its named-field fast path', () => {
  // The check compares an entry with its first-seen copy by ten named fields and a key count, and only otherwise walks
  // the keys: every kind of in-place write must still be found, with the field it names.
  // One run and node (the check keeps per kernel node object the state it checked last, as the kernel's node objects
  // last a run); each call a new state whose record holds the entry.
  const view = {} as never;
  const node = { id: 'a1', state: undefined as unknown };
  const check = (entry: object): string | null => {
    node.state = { entities: { e0: { entries: { 1: entry } } } };
    return publishedEntriesUnchanged.checkNode!(view, node as NodeView<NodeState>);
  };
  // [the field the message names, the write]; a deleted key is reported as the first-seen copy's last key (the key walk
  // finds the copy has one key more than the entry only at its end).
  const writes: [string, (x: Record<string, unknown>) => void][] = [
    ['catchupAtUs', (x) => { x.catchupAtUs = 7; }],
    ['records', (x) => { x.records = [...(x.records as unknown[])]; }],
    ['proposal', (x) => { x.proposal = undefined; }],
    ['extra', (x) => { x.extra = 1; }],
    ['catchupAtUs', (x) => { delete x.isUncertain; }],
    ['writeSeq', (x) => { x.writeSeq = Number.NaN; }],
  ];

  it('passes an entry seen again unchanged, and names the field of every kind of write into it', () => {
    for (const [field, write] of writes) {
      const x = freshEntry(3) as unknown as Record<string, unknown>;
      expect(check(x), field).toBeNull();
      expect(check(x), field).toBeNull();
      write(x);
      expect(check(x), field).toMatch(new RegExp(`^a1 e0 entry 1: field ${field} of an entry object already published`));
    }
  });
});

describe('paxosstore: published-entries-unchanged, an entry object in a new place', () => {
  // An entry the last checked record did not hold at the same number is looked for in the whole state checked last:
  // moved to another entity or number and written there, it is still the published object it was.
  it('names a write into an entry object moved to another entity and number', () => {
    const view = {} as never;
    const node = { id: 'a2', state: undefined as unknown };
    const check = (e0: object, e1: object): string | null => {
      node.state = { entities: { e0: { entries: e0 }, e1: { entries: e1 } } };
      return publishedEntriesUnchanged.checkNode!(view, node as NodeView<NodeState>);
    };
    const x = freshEntry(3) as unknown as Record<string, unknown>;
    const y = freshEntry(3) as unknown as Record<string, unknown>;
    expect(check({ 1: x, 2: y }, {})).toBeNull();
    expect(check({ 2: y }, { 7: x })).toBeNull(); // moved, unchanged
    x.writeSeq = 3;
    expect(check({ 2: y, 4: x }, {})).toMatch(/^a2 e0 entry 4: field writeSeq of an entry object already published/);
  });
});
