// ZAB's node record is copied and settled field by field (protocols/zab/env.ts copyNode/settleRoot, written out for
// speed): every field must count, or an event that changed only that field would hand back the old state object.
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import type { ZabNode } from '../../../protocols/zab/index.ts';
import type { LeaderRole } from '../../../protocols/zab/state.ts';
import { beginHandler, finishHandler, own, ownField } from '../../../protocols/zab/env.ts';
import type { D } from '../../../protocols/zab/env.ts';
import { ownCnx } from '../../../protocols/zab/cnx.ts';
import { leaderRole, learnerOf } from '../../../protocols/zab/leader.ts';
import { learnerRole } from '../../../protocols/zab/learner.ts';

/** States every server was handed during a short clean run (n1's last one after the ensemble formed). */
function recordedStates(): ZabNode[] {
  const seen: ZabNode[] = [];
  const p = zabProtocol;
  runSimulation({
    protocol: { ...p, actor: { boot: p.actor.boot, handle(s, input, ctx, o, bugs) { seen.push(s); return p.actor.handle(s, input, ctx, o, bugs); } } },
    seed: 3, faultPhaseUs: seconds(4), skipLiveness: true, freezeStates: false,
  });
  return seen;
}

describe('zab: the hand-written node copy and settle', () => {
  const states = recordedStates();
  const s = states.filter((x) => x.id === 'n1').at(-1)!;

  it('ran long enough to see a role', () => {
    expect(states.length).toBeGreaterThan(50);
    expect(s.role.type).not.toBe('none');
  });

  it('an event that changes nothing, or copies nested parts and writes the same values, returns the very same state', () => {
    for (const x of states) {
      expect(finishHandler(x, beginHandler(x))).toBe(x);
      const d = beginHandler(x);
      own(d.role as object);
      ownField(d, 'cnx').badFrames = x.cnx.badFrames;
      ownField(d, 'currentVote').leader = x.currentVote.leader;
      expect(finishHandler(x, d)).toBe(x);
    }
  });

  it('a change to any one field of the record gives a new state, and the copy keeps the record\'s key order', () => {
    const keys = Object.keys(s);
    expect(Object.keys(beginHandler(s))).toEqual(keys);
    finishHandler(s, beginHandler(s));
    for (const k of keys) {
      const d = beginHandler(s) as unknown as Record<string, unknown>;
      d[k] = { changed: k };
      const out = finishHandler(s, d as never) as unknown as Record<string, unknown>;
      expect(out, k).not.toBe(s);
      expect(out[k], k).toEqual({ changed: k });
    }
  });

  it('a nested change keeps the unchanged siblings identical to the original', () => {
    const d = beginHandler(s);
    ownField(d, 'cnx').badFrames = s.cnx.badFrames + 1;
    ownField(d, 'currentVote').leader = s.currentVote.leader;
    const out = finishHandler(s, d);
    expect(out).not.toBe(s);
    expect(out.cnx.badFrames).toBe(s.cnx.badFrames + 1);
    expect(out.cnx.conns).toBe(s.cnx.conns);
    expect(out.currentVote).toBe(s.currentVote);
    expect(out.role).toBe(s.role);
  });

  it('the nested copies (connections, leader role and learner handles, learner role) keep every field in order', () => {
    const seenRoles = new Set<string>();
    for (const x of states) {
      const d = beginHandler(x);
      expect(Object.keys(ownCnx(d))).toEqual(Object.keys(x.cnx));
      expect(ownCnx(d)).toEqual(x.cnx);
      if (x.role.type === 'leader') {
        const r = leaderRole(d)!;
        expect(Object.keys(r)).toEqual(Object.keys(x.role));
        expect(r).toEqual(x.role);
        for (const c of Object.keys(x.role.learners)) expect(Object.keys(learnerOf(r, Number(c))!)).toEqual(Object.keys(x.role.learners[Number(c)]!));
      }
      if (x.role.type === 'learner') {
        expect(Object.keys(learnerRole(d)!)).toEqual(Object.keys(x.role));
        expect(learnerRole(d)).toEqual(x.role);
      }
      seenRoles.add(x.role.type);
      expect(finishHandler(x, d)).toBe(x);
    }
    expect([...seenRoles].sort()).toEqual(['leader', 'learner', 'none']);
  });

  it('a change to any one field of the role, a learner handle, connection state or election gives a new state (settle.ts names every field)', () => {
    const pick = (t: string) => states.find((x) => x.role.type === t && x.election === null)!;
    const cases: [ZabNode, (d: D) => object][] = [
      [pick('leader'), (d) => leaderRole(d)!],
      [pick('learner'), (d) => learnerRole(d)!],
      [s, (d) => ownCnx(d)],
      [states.find((x) => x.election !== null)!, (d) => (d.election = own(d.election!))],
    ];
    const withLearner = states.find((x) => x.role.type === 'leader' && Object.keys(x.role.learners).length > 0)!;
    const firstConn = (x: ZabNode): number => Number(Object.keys((x.role as LeaderRole).learners)[0]);
    cases.push([withLearner, (d) => learnerOf(leaderRole(d)!, firstConn(withLearner))!]);
    for (const [x, writable] of cases) {
      for (const k of Object.keys(writable(beginHandler(x)))) {
        const d = beginHandler(x);
        (writable(d) as Record<string, unknown>)[k] = { changed: k };
        expect(finishHandler(x, d), k).not.toBe(x);
      }
      const same = beginHandler(x);
      writable(same);
      expect(finishHandler(x, same)).toBe(x);
    }
  });
});

