// Fuzzing tfs: each bug flag is caught within a stated number of seeds, and the clean protocol passes the same seeds.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { FuzzFaults } from '../../../scenarios/fuzz-run.ts';
import type { FaultKind, ProtocolModule } from '../../../sim/index.ts';
import {
  FAST_OPTIONS, tfsProtocol, BUG_NO_ALIVE_CHECK, BUG_LEASE_EXPIRY_IGNORED, BUG_NO_CRC_CHECK, BUG_NO_LEASE_SAFE_TIME, BUG_OLD_MASTER_SERVES, BUG_RETRY_CONSUMED, BUG_SKIP_100,
} from '../../../protocols/tfs/index.ts';

/** A swarm restricted to some fault kinds (and node kinds to crash or pause). */
const narrowed = (kinds: readonly FaultKind[], crashableKinds?: readonly string[]): ProtocolModule =>
  ({ ...tfsProtocol, faultBudget: { ...tfsProtocol.faultBudget, kinds, ...(crashableKinds ? { crashableKinds } : {}) } });

interface BugCase {
  readonly bug: string;
  readonly seedsMax: number;
  readonly how: string;
  readonly protocol: ProtocolModule;
  readonly options: Readonly<Record<string, unknown>>;
  /** 'aimed' (the default fuzzer: catalog faults + perturbed options) unless a narrowed timed swarm is still needed. */
  readonly faults: FuzzFaults;
  /** Failures a flag also causes before its own invariant breaks (old-master-keeps-serving: two masters never settle). */
  readonly alsoFails?: readonly string[];
}

/** Plain `replisim fuzz --protocol tfs --bug F`: no explicit options, so fuzzOptions + the seed's perturbed ones apply. */
const plain = (bug: string, seedsMax: number): BugCase => ({ bug, seedsMax, how: 'default fuzzer', protocol: tfsProtocol, options: {}, faults: 'aimed' });

const CASES: readonly BugCase[] = [
  // Plain default fuzzing (timed swarm + aimed catalog faults + perturbed options); seedsMax = the first hit.
  { ...plain(BUG_OLD_MASTER_SERVES, 19), alsoFails: ['one-master-holds-vip'] },
  plain(BUG_RETRY_CONSUMED, 42),
  plain(BUG_NO_ALIVE_CHECK, 2),
  plain(BUG_NO_LEASE_SAFE_TIME, 74),
  // A DS that ignores its lease expiry never applies for a lease again, so once every lease has lapsed at the master it
  // has no writable block and the tail writes fail (seed 2 with the perturbed periodic-report day: apply-block last at
  // 10.4 s, EXIT_NO_WRITABLE_BLOCK after): the flag's own consequence, before a client writes into an expired lease.
  { ...plain(BUG_LEASE_EXPIRY_IGNORED, 10), alsoFails: ['tail-file-written'] },
  // The aimed catalog corrupts now (corrupt-at-send, corrupt-at-disk with record 'last'): the default fuzzer finds it
  // (first at seed 54 once the catalog was recorded under the timed faults; 171 on the sixth 2026-12-05 session's draw,
  // where the mute burst, burst split and durable-damage chain share the plans: 26 hits per 2,000; 119 since the
  // fifteenth session's trunk replication rate moved every tfs trace).
  plain(BUG_NO_CRC_CHECK, 119),
  // The default fuzzer finds r3393 (first at seed 135, 5 hits in 1,000): too many seeds for the suite, so the test keeps
  // the narrowed mix: more than 100 ids unshipped (8 s flush, a creation every ~30 ms) and failovers from crashing or
  // pausing the nameservers.
  { bug: BUG_SKIP_100, seedsMax: 40, how: 'timed crash/pause swarm on the nameservers, 8 s oplog flush, a creation every ~30 ms', protocol: narrowed(['crash', 'pause'], ['nameserver']), options: { ...FAST_OPTIONS, oplogFlushIntervalUs: 8_000_000, clientOpIntervalUs: 30_000 }, faults: 'timed' },
];

describe('tfs: fuzzing catches every bug flag', () => {
  it('covers every bug flag of the module', () => {
    expect(CASES.map((c) => c.bug).sort()).toEqual(tfsProtocol.bugs.map((b) => b.id).sort());
  });

  for (const c of CASES) {
    const breaks = tfsProtocol.bugs.find((b) => b.id === c.bug)!.breaks;
    it(`${c.bug} breaks ${breaks} within ${c.seedsMax} seeds (${c.how}); the clean protocol passes the same seeds`, () => {
      let caught: number | null = null;
      for (let seed = 1; seed <= c.seedsMax && caught === null; seed++) {
        const r = runFuzzSeed({ protocol: c.protocol, seed, options: c.options, faults: c.faults, bugs: [c.bug] });
        if (r.verdict === 'pass') continue;
        if (r.violation?.name === breaks) caught = seed;
        else expect(c.alsoFails ?? [], `seed ${seed}: ${r.violation?.name} ${r.violation?.message}`).toContain(r.violation?.name);
      }
      expect(caught, `not caught in seeds 1..${c.seedsMax}`).not.toBeNull();
      for (let seed = 1; seed <= caught!; seed++) {
        const r = runFuzzSeed({ protocol: c.protocol, seed, options: c.options, faults: c.faults });
        expect(r.verdict, `clean seed ${seed}: ${r.violation?.name} ${r.violation?.message}`).toBe('pass');
      }
    }, 300_000); // a hang guard, not a speed check: two runs of up to ~75 seeds each on a shared machine
  }
});
