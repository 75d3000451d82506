// published-entries-unchanged finds an entry's first-seen fields by its position in the node's last checked record or
// in the node's last checked state (protocols/paxosstore/published-entries-invariant.ts), not in a registry of every
// entry object ever seen. Its verdict after every check must be the registry's: over fuzz runs (timed and aimed plans,
// scoped and full checks, a bug flag), over runs whose handler writes into a published entry in place, and over runs
// whose handler moves a published entry object (written or not) to another entity or entry number.
import { describe, expect, it } from 'vitest';
import { nodeInvariant, seconds } from '../../../sim/index.ts';
import type { Invariant, NodeView, ProtocolModule } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { FuzzSeedOptions } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { EntryInfo, NodeState } from '../../../protocols/paxosstore/state.ts';
import { publishedEntriesUnchanged } from '../../../protocols/paxosstore/published-entries-invariant.ts';

type Module = ProtocolModule<NodeState, never, never>;
const base = paxosstoreProtocol as unknown as Module;

/** The plain check: a registry of every entry object ever seen, its spread copy taken at first sight, keys compared. */
function registryCheck(seen: WeakMap<object, Record<string, unknown>>, n: NodeView<NodeState>): string | null {
  const s = n.state;
  if (s === undefined) return null;
  for (const entity of Object.keys(s.entities)) {
    const entries = s.entities[entity]!.entries as Record<string, EntryInfo>;
    for (const e of Object.keys(entries)) {
      const x = entries[e] as unknown as Record<string, unknown>;
      const was = seen.get(x);
      if (was === undefined) {
        seen.set(x, { ...x });
        continue;
      }
      const xs = Object.keys(x);
      const ws = Object.keys(was);
      const k = xs.find((key) => !(key in was) || x[key] !== was[key]) ?? (ws.length > xs.length ? ws[xs.length] : undefined);
      if (k !== undefined) return `${n.id} ${entity} entry ${e}: field ${k} of an entry object already published in an earlier state was written (copy-on-write broken: the earlier states changed too)`;
    }
  }
  return null;
}

/**
 * The protocol with published-entries-unchanged asked beside the plain check at every call; disagreements are kept.
 * `isAlone`: the only invariant (a moved entry breaks others first, which would end the run before this check speaks).
 */
function agreeing(p: Module, disagreements: string[], checks: { count: number; failed: number }, isAlone: boolean): Module {
  const seen = new WeakMap<object, Record<string, unknown>>();
  const both = nodeInvariant<NodeState>(publishedEntriesUnchanged.name, publishedEntriesUnchanged.description, (view, n) => {
    const got = publishedEntriesUnchanged.checkNode!(view, n);
    const want = registryCheck(seen, n);
    checks.count++;
    if (want !== null) checks.failed++;
    if (got !== want) disagreements.push(`${n.id} at ${view.nowUs}: ${got} | plain: ${want}`);
    return got;
  });
  const invariants = isAlone ? [both] : (p.invariants as readonly Invariant<NodeState>[]).map((i) => (i.name === both.name ? both : i));
  return { ...p, invariants };
}

/** The names of the first two entities of `s` (undefined if it has fewer). */
function twoEntities(s: NodeState): [string, string] | undefined {
  const names = Object.keys(s.entities);
  return names.length < 2 ? undefined : [names[0]!, names[1]!];
}

/**
 * A handler that, once a1's clock passes `atUs`, moves the lowest entry object of a1's first entity (as the state it
 * handled held it) into the second entity at the same number, or to number 1000 of the first entity, written in place
 * first or not: a published object in a new place, the case a registry of every object seen would find.
 */
function moving(atUs: number, where: 'other-entity' | 'other-number', isWritten: boolean): Module {
  let isDone = false;
  return {
    ...base,
    actor: {
      boot: base.actor.boot,
      handle(s, input, ctx, o, bugs) {
        const ns = base.actor.handle(s, input, ctx, o, bugs);
        if (isDone || ctx.self !== 'a1' || ctx.nowUs < atUs) return ns;
        const names = twoEntities(s);
        if (names === undefined) return ns;
        const [from, to] = names;
        const e = Object.keys(s.entities[from]!.entries)[0];
        if (e === undefined) return ns;
        isDone = true;
        const x = s.entities[from]!.entries[Number(e)]!;
        if (isWritten) (x as { catchupAtUs: number }).catchupAtUs += 1;
        const fromEntries = { ...ns.entities[from]!.entries };
        delete fromEntries[Number(e)];
        const entities = where === 'other-entity'
          ? { ...ns.entities, [from]: { ...ns.entities[from]!, entries: fromEntries }, [to]: { ...ns.entities[to]!, entries: { ...ns.entities[to]!.entries, [Number(e)]: x } } }
          : { ...ns.entities, [from]: { ...ns.entities[from]!, entries: { ...fromEntries, 1000: x } } };
        return { ...ns, entities };
      },
    },
  };
}

/** A handler that writes a1's lowest entry object in place before each of a1's events from 1 s on (mutation sample 2). */
const writesPublished: Module = {
  ...base,
  actor: {
    boot: base.actor.boot,
    handle(s, input, ctx, o, bugs) {
      if (ctx.self === 'a1' && ctx.nowUs >= seconds(1)) {
        for (const entity in s.entities) {
          const e = Object.keys(s.entities[entity]!.entries)[0];
          if (e === undefined) continue;
          (s.entities[entity]!.entries[Number(e)] as { writeSeq: number }).writeSeq += 1;
          break;
        }
      }
      return base.actor.handle(s, input, ctx, o, bugs);
    },
  },
};

function runBoth(p: Module, o: Omit<FuzzSeedOptions, 'protocol'>, isAlone = false): { disagreements: string[]; checks: { count: number; failed: number }; verdict: string; name: string | undefined } {
  const disagreements: string[] = [];
  const checks = { count: 0, failed: 0 };
  const r = runFuzzSeed({ ...o, protocol: agreeing(p, disagreements, checks, isAlone) as never, run: { freezeStates: false, ...o.run } });
  return { disagreements, checks, verdict: r.verdict, name: r.violation?.name };
}

describe('paxosstore: published-entries-unchanged agrees with a registry of every entry object seen', () => {
  it('after every check of fuzz runs: timed and aimed plans, scoped and full checks, a bug flag', () => {
    let count = 0;
    for (const seed of [1000, 1002, 7000]) {
      for (const faults of ['timed', 'aimed'] as const) {
        for (const invariantChecks of ['scoped', 'full'] as const) {
          const r = runBoth(base, { seed, faults, run: { invariantChecks } });
          expect(r.disagreements, `seed ${seed} ${faults} ${invariantChecks}`).toEqual([]);
          count += r.checks.count;
        }
      }
    }
    const flagged = runBoth(base, { seed: 1003, bugs: ['paxosstore/catchup-no-rate-limit'] });
    expect(flagged.disagreements).toEqual([]);
    expect(count).toBeGreaterThan(10000);
  });

  it('on runs whose handler writes a published entry in place (both fail at the same check, naming the same field)', () => {
    for (const seed of [1, 2, 1000]) {
      for (const invariantChecks of ['scoped', 'full'] as const) {
        const r = runBoth(writesPublished, { seed, run: { invariantChecks } });
        expect(r.disagreements, `seed ${seed} ${invariantChecks}`).toEqual([]);
        expect(r.name).toBe('published-entries-unchanged');
      }
    }
  });

  it('on runs whose handler moves a published entry object to another entity or entry number, written or not', () => {
    let failed = 0;
    for (const seed of [1, 2, 1000, 1001]) {
      for (const where of ['other-entity', 'other-number'] as const) {
        for (const isWritten of [false, true]) {
          // Timed plans: an aimed plan's catalog recording would run the handler (and make its one move) first.
          const r = runBoth(moving(seconds(1), where, isWritten), { seed, faults: 'timed' }, true);
          expect(r.disagreements, `seed ${seed} ${where} ${isWritten ? 'written' : 'not written'}`).toEqual([]);
          if (r.name === 'published-entries-unchanged') failed++;
          if (!isWritten) expect(r.name).not.toBe('published-entries-unchanged');
        }
      }
    }
    expect(failed).toBeGreaterThan(4);
  });
});
