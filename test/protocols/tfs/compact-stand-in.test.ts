// S14's COMPACT part: the model's stand-in (a COMPACT_MSG record every other background pass, no DS work) is an option;
// off, no compaction is planned, which is what trunk's check_compact gives on blocks that are never full and have no
// deleted files (block info is not modelled).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { View } from '../../../sim/index.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import type { TfsState } from '../../../protocols/tfs/index.ts';

const file = join(import.meta.dirname, '../../../scenarios/tfs/corrupt-oplog-in-transit.json');

/** COMPACT records (body kind 'task') any nameserver logged in the run. */
function compactRecords(isCompactStandInLogged: boolean): number {
  const s = loadScenarioFile(file);
  let most = 0;
  runScenario({ ...s, options: { ...s.options, isCompactStandInLogged } }, {
    run: {
      onEvent: (_i, _recs, view) => {
        for (const n of (view as View<TfsState>).nodes) {
          const ns = n.state?.kind === 'ns' ? n.state : undefined;
          const count = ns?.oplog?.records.filter((r) => r.body.kind === 'task').length ?? 0;
          most = Math.max(most, count);
        }
      },
    },
  });
  return most;
}

describe('tfs S14 COMPACT: isCompactStandInLogged', () => {
  it('on (default) the master logs COMPACT records after safe mode', () => expect(compactRecords(true)).toBeGreaterThan(0));
  it('off no COMPACT record is ever logged', () => expect(compactRecords(false)).toBe(0));
});
