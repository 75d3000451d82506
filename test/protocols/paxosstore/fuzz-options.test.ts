// Clean aimed fuzz seeds with each of issue 16's 2017 / real-queue options forced on (P7 pre-auth, P8 the 10 ms
// write-rejection lease, S27 a GetAllRsp queue of one): safety and liveness hold, and the behaviour actually runs in
// some of them. Long suite (fuzz*.test.ts); the 200-seed checks per option are in the README (eighth session).
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

const FORCED = [
  { name: 'pre-auth', on: { isPreAuthEnabled: true }, ran: (s: NodeState) => s.preAuthProposals > 0 },
  { name: 'write-reject lease', on: { writeRejectLeaseUs: 10_000 }, ran: (s: NodeState) => s.leaseRejects > 0 },
  { name: 'GetAllRsp queue of 1', on: { getAllRspQueueMax: 1, getAllRspServiceUs: 30_000 }, ran: (s: NodeState) => s.getAllRsp.served > 0 },
] as const;

describe('paxosstore: clean aimed fuzzing with the 2017 / real-queue options forced on', () => {
  for (const f of FORCED) {
    it(`${f.name}: aimed seeds 1..20 pass, and the behaviour runs in some`, () => {
      const failures: string[] = [];
      let ran = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const r = runFuzzSeed({ protocol: paxosstoreProtocol, seed, options: f.on });
        if (r.verdict !== 'pass') failures.push(`seed ${seed}: ${r.verdict} ${r.violation?.name}: ${r.violation?.message.slice(0, 200)}`);
        if (Object.values(r.finalStates).some((s) => s !== null && f.ran(s as NodeState))) ran++;
      }
      expect(failures).toEqual([]);
      expect(ran).toBeGreaterThan(0);
    });
  }
});
