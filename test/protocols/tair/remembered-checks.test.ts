// The tair checks that remember work per immutable object (perf21): the coverage key per state, the version-collision
// answer per set of tables, client-pending-unanswered's pairing of pending requests with history ops, roles() per
// configserver states and up set (tairgoal), and the configserver-only invariants scoped to configserver events. Each
// gives what the full computation gives, after every event of fuzz seeds (clean and with bug flags), and a hand-built
// change the memory must not hide is seen.
import { describe, expect, it } from 'vitest';
import type { HistoryOp, NodeView, ReqId, View } from '../../../sim/index.ts';
import { clientHistory, nodeId } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import { produce } from 'immer';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import type { CsState, TairState } from '../../../protocols/tair/state.ts';
import { tairCoverageKey, tairCoverageKeyFresh } from '../../../protocols/tair/coverage.ts';
import { versionCollision, versionCollisionFull } from '../../../protocols/tair/view-helpers.ts';
import { answeredPendingFull, answeredPendingRemembered } from '../../../protocols/tair/client-pending-invariant.ts';
import { scopedToKinds } from '../../../protocols/tair/kind-scope.ts';
import { rolesFresh, tairRoles } from '../../../protocols/tair/roles.ts';
import { isTailGetRead, isTailGetSeen, isTailPutOk, isTailPutSeen } from '../../../protocols/tair/liveness-tail.ts';
import { client, table, viewOf } from './view-fixture.ts';

/** Compares every remembered answer with the full one after every event of the seed: [events compared, mismatches]. */
function compareAlong(seed: number, bugs: readonly string[] = []): [number, string[]] {
  let compared = 0;
  const bad: string[] = [];
  const same = (what: string, a: unknown, b: unknown): void => { if (a !== b && bad.length < 5) bad.push(`seed ${seed} event ${compared}: ${what} ${String(a)} vs ${String(b)}`); };
  runFuzzSeed({
    protocol: tairProtocol, seed, bugs,
    run: {
      onEvent: (_i, _r, v) => {
        const view = v as View<TairState>;
        for (const n of view.nodes) {
          same(`key ${n.id}`, tairCoverageKey(n, view), tairCoverageKeyFresh(n, view));
          if (n.isUp && n.state?.kind === 'client') {
            same(`pending ${n.id}`, answeredPendingRemembered(view.history ?? [], n.id, n.state), answeredPendingFull(view.history ?? [], n.id, n.state));
          }
        }
        same('collision', versionCollision(view), versionCollisionFull(view));
        same('roles', JSON.stringify(tairRoles(view)), JSON.stringify(rolesFresh(view)));
        // The tail liveness checks' scan from the first op called after the heal against the whole history.
        same('tail put', isTailPutSeen(view), clientHistory(view).some(isTailPutOk(view)));
        same('tail get', isTailGetSeen(view), clientHistory(view).some(isTailGetRead(view)));
        compared++;
      },
    },
  });
  return [compared, bad];
}

describe('tair remembered checks agree with the full computation', () => {
  it('after every event of clean fuzz seeds', () => {
    for (const seed of [1, 860606]) {
      const [events, bad] = compareAlong(seed);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
    }
  });

  it('after every event of seeds with bug flags (collisions and stale tables)', () => {
    for (const bug of ['tair/peer-up-no-version-bump', 'tair/version-only-reply']) {
      const [events, bad] = compareAlong(1, [bug]);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
    }
  });
});

const op = (id: number): HistoryOp => ({
  id: id as ReqId, client: 0, node: nodeId('c1'), op: { type: 'put', key: 'k1' }, callUs: 0, callSeq: id, returnUs: null, returnSeq: null, result: undefined, outcome: 'pending',
});

describe('tair remembered checks see what changed', () => {
  it('client-pending-unanswered: an op answered after its pairing was remembered is still seen', () => {
    const history = [op(1), op(2)];
    const c = { ...client(table(3, 'ds1')), pending: [{ req: 7, reqId: 2 as ReqId, ds: 'ds1' }] };
    expect(answeredPendingRemembered(history, 'c1', c)).toBeNull();
    history[1]!.outcome = 'ok';
    expect(answeredPendingRemembered(history, 'c1', c)).toBe('c1 still holds request 7 (put k1) pending after answering it');
    expect(answeredPendingFull(history, 'c1', c)).toBe('c1 still holds request 7 (put k1) pending after answering it');
    // A request whose op is not in the history is looked up again each time, not remembered as absent.
    const later = { ...c, pending: [{ req: 8, reqId: 3 as ReqId, ds: 'ds1' }] };
    expect(answeredPendingRemembered(history, 'c1', later)).toBeNull();
    history.push({ ...op(3), outcome: 'ok' });
    expect(answeredPendingRemembered(history, 'c1', later)).toMatch(/request 8/);
  });

  it('version-collision: a node taking another table at the same version in the same view is seen', () => {
    const view = viewOf({ ds1: { ...dsLike(), table: table(5, 'ds1') }, c1: client(table(5, 'ds1')) });
    expect(versionCollision(view)).toBeNull();
    const nodes = view.nodes as NodeView<TairState>[];
    (nodes[1] as { state: TairState }).state = client(table(5, 'ds2'));
    expect(versionCollision(view)).toBe('ds1 and c1 hold different tables at version 5');
    (nodes[1] as { isUp: boolean }).isUp = false;
    expect(versionCollision(view)).toBeNull();
  });

  it('coverage key: a client\'s and the peer\'s keys follow cs0\'s table version while their own states stay the same', () => {
    const states = runScenario(loadScenario('tair/ds-crash')).result.finalStates as Record<string, TairState>;
    const view = viewOf(states);
    const byId = (id: string): NodeView<TairState> => view.nodes.find((n) => n.id === id)!;
    const clientId = Object.keys(states).find((id) => states[id]!.kind === 'client' && states[id]!.table !== null)!;
    const cs0 = states['cs0'] as CsState;
    expect(cs0.masterId).toBe('cs0');
    const before = [tairCoverageKey(byId(clientId), view), tairCoverageKey(byId('cs1'), view)];
    expect(before[0]).toContain('|table:eq|');
    // cs0 moves ahead: the same client and cs1 state objects, another master / peer version.
    (byId('cs0') as { state: TairState }).state = produce(cs0, (d) => { d.table.version += 1; });
    const after = [tairCoverageKey(byId(clientId), view), tairCoverageKey(byId('cs1'), view)];
    expect(after[0]).toContain('|table:behind|');
    expect(after[1]).not.toBe(before[1]);
    expect(after).toEqual([tairCoverageKeyFresh(byId(clientId), view), tairCoverageKeyFresh(byId('cs1'), view)]);
  });

  it('scopedToKinds: a states check of the listed kinds', () => {
    const inv = scopedToKinds({ name: 'x', description: 'x', scope: 'view', check: () => 'bad' }, ['configserver']);
    expect(inv.scope).toBe('states');
    expect(inv.kinds).toEqual(['configserver']);
    expect(inv.check(viewOf({ c1: client(null) }))).toBe('bad');
  });
});

/** A minimal dataserver-kind state holding a table (only `kind` and `table` are read by versionCollision). */
function dsLike(): TairState {
  return { kind: 'dataserver' } as unknown as TairState;
}
