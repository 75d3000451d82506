// F2 (issue 16): the admin tool's delete-block logs RELIEVE_RELATION per server and no OPLOG_REMOVE (trunk @0365c90):
// the master drops the block, the dataservers drop it, the slave keeps it with no servers, and so does the new master
// after a failover.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { asNs } from '../../../protocols/tfs/state.ts';
import type { TfsState } from '../../../protocols/tfs/state.ts';
import type { View } from '../../../sim/index.ts';

const file = join(import.meta.dirname, '../../../scenarios/tfs/admin-delete-block.json');
const DELETED = ['100101', '100102'];

type Seen = Record<string, Readonly<Record<string, unknown>> | undefined>;

/** Block maps per node (nameservers: id -> servers; dataservers: id -> tag) at the last event before `atUs`, and at the end. */
function blocksAt(atUs: number): { before: Seen; end: Seen; passed: boolean } {
  const before: Seen = {};
  const end: Seen = {};
  const o = runScenario(loadScenarioFile(file), {
    run: {
      onEvent: (_i, _recs, view) => {
        for (const n of (view as View<TfsState>).nodes) {
          const st = n.state;
          const blocks = st?.kind === 'ns' ? asNs(st)!.blocks : st?.kind === 'ds' ? st.blocks : undefined;
          const cur = n.isUp ? blocks?.toJSON() : undefined;
          if (view.nowUs < atUs) before[n.id] = cur;
          end[n.id] = cur;
        }
      },
    },
  });
  return { before, end, passed: o.isPassed };
}

describe('tfs F2: admin delete-block (admin-delete-block)', () => {
  const { before, end, passed } = blocksAt(5_000_000);

  it('the scenario meets its expectations', () => expect(passed).toBe(true));

  it('before the crash: the master and both dataservers dropped the blocks; the slave keeps them with no servers', () => {
    for (const id of DELETED) {
      expect(before['ns1']?.[id], `ns1 ${id}`).toBeUndefined();
      expect(before['ds1']?.[id], `ds1 ${id}`).toBeUndefined();
      expect(before['ds2']?.[id], `ds2 ${id}`).toBeUndefined();
      expect(before['ns2']?.[id], `ns2 ${id}`).toEqual([]);
    }
  });

  it('after the failover the new master (ns2) still knows the deleted blocks, with no servers', () => {
    for (const id of DELETED) expect(end['ns2']?.[id], `ns2 ${id}`).toEqual([]);
  });
});
