// Load invariant, checked on the first view of each incarnation: an entity that boots from a damaged PLog or DB starts
// in amnesia (fence unknown, no answers, nothing seen), so it votes on nothing until its peers fence its lost votes.
// Without it the mutants of storage.ts's amnesia line (never amnesia, amnesia only when both files are damaged, an
// amnesia record that already counts an answer) passed every check: a node voted again after losing its votes.
import type { DiskRecord, Invariant, View } from '../../sim/index.ts';
import { firstInIncarnation, isRecordIntact } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import type { DbData } from './storage.ts';
import { dbFile, plogFile } from './storage.ts';

/** Damage judged here from the records themselves, not with storage.ts's verdict: a slip there must not blind this. */
const isPlogRecordOk = (r: DiskRecord): boolean => {
  const d = r.data as { entry?: unknown; rec?: unknown } | null;
  return isRecordIntact(r) && typeof d === 'object' && d !== null && typeof d.entry === 'number' && typeof d.rec === 'object';
};

/** Per run, the incarnation last checked per node: only a node's first state after boot shows what it loaded. */
const isFirstLook = firstInIncarnation();

export const amnesiaOnDamagedLoad: Invariant<NodeState> = {
  name: 'amnesia-on-damaged-load',
  description: 'an entity loaded from a damaged PLog or DB starts in amnesia ({fence: null, answered: [], maxSeen: 0}, DB lost iff the DB was damaged); one loaded from intact files does not',
  scope: 'states',
  check(view: View<NodeState>) {
    for (const n of view.nodes) {
      const s = n.state;
      if (s === undefined || !isFirstLook(view, n)) continue;
      for (const entity of Object.keys(s.entities)) {
        const ent = s.entities[entity]!;
        // Past loading, the first view of this incarnation no longer shows what the files said (a late first view).
        if (!ent.isLoading) continue;
        const isPlogDamaged = !(n.disk.get(plogFile(entity)) ?? []).every(isPlogRecordOk);
        const dbRecs = n.disk.get(dbFile(entity)) ?? [];
        const isDbDamaged = !dbRecs.every(isRecordIntact);
        // An intact DB written while amnesiac carries the amnesia over a restart (storage.ts DbData.amnesia).
        const mark = isDbDamaged ? undefined : (dbRecs[dbRecs.length - 1]?.data as DbData | undefined)?.amnesia;
        const isDbLost = isDbDamaged || (mark?.isDbLost ?? false);
        const a = ent.amnesia;
        const where = `${n.id} ${entity} (incarnation ${n.incarnation})`;
        if (!isPlogDamaged && !isDbDamaged && mark === undefined) {
          if (a !== null) return `${where}: loaded from intact files, yet in amnesia`;
          continue;
        }
        const files = [isPlogDamaged ? 'PLog' : '', isDbDamaged ? 'DB' : '', mark !== undefined ? 'DB amnesia marker' : ''].filter((x) => x !== '').join(' and ');
        if (a === null) return `${where}: loaded from a damaged ${files}, not in amnesia (it may vote again on what it lost)`;
        if (a.fence !== null || !Array.isArray(a.answered) || a.answered.length !== 0 || a.maxSeen !== 0 || a.isDbLost !== isDbLost) {
          return `${where}: loaded from a damaged ${files}, amnesia ${JSON.stringify(a)} is not the fresh one (fence null, no answers, maxSeen 0, isDbLost ${isDbLost})`;
        }
      }
    }
    return null;
  },
};
