// Fuzzing tfs: each bug flag is caught within a stated number of seeds, and the clean protocol passes the same seeds.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
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
}

const CASES: readonly BugCase[] = [
  { bug: BUG_OLD_MASTER_SERVES, seedsMax: 60, how: 'default swarm, short timers', protocol: tfsProtocol, options: FAST_OPTIONS },
  { bug: BUG_RETRY_CONSUMED, seedsMax: 60, how: 'default swarm, short timers', protocol: tfsProtocol, options: FAST_OPTIONS },
  // Corruption needs the damaged message to be an OpLogSyncMessage on the master->slave link: a corruption-only swarm on a small cluster.
  { bug: BUG_NO_ALIVE_CHECK, seedsMax: 10, how: 'default swarm, short timers', protocol: tfsProtocol, options: FAST_OPTIONS },
  { bug: BUG_NO_CRC_CHECK, seedsMax: 40, how: 'corruption-only swarm, one DS and one client', protocol: narrowed(['corrupt-messages']), options: { ...FAST_OPTIONS, dataserverCount: 1, clientCount: 1 } },
  // The new master must grant a block lease while a lease the old master granted still runs: failovers from the nameservers.
  { bug: BUG_NO_LEASE_SAFE_TIME, seedsMax: 40, how: 'crash/pause swarm on the nameservers, short timers', protocol: narrowed(['crash', 'pause'], ['nameserver']), options: FAST_OPTIONS },
  // A DS that ignores its lease expiry takes writes in the safe time before the master's lease ends: the real 2 s safe time.
  { bug: BUG_LEASE_EXPIRY_IGNORED, seedsMax: 20, how: 'default swarm, short timers, real 2 s DS lease safe time', protocol: tfsProtocol, options: { ...FAST_OPTIONS, dsLeaseSafeTimeUs: 2_000_000 } },
  // The skip of 100 bites once the slave lags by more than 100 allocations (trunk flushes the oplog only at 1024 records):
  // an 8 s flush, a creation every ~30 ms, and failovers from crashing or pausing the nameservers.
  { bug: BUG_SKIP_100, seedsMax: 40, how: 'crash/pause swarm on the nameservers, 8 s oplog flush, a creation every ~30 ms', protocol: narrowed(['crash', 'pause'], ['nameserver']), options: { ...FAST_OPTIONS, oplogFlushIntervalUs: 8_000_000, clientOpIntervalUs: 30_000 } },
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
        const r = runFuzzSeed({ protocol: c.protocol, seed, options: c.options, bugs: [c.bug] });
        if (r.verdict !== 'pass') {
          expect(r.violation?.name, `seed ${seed}: ${r.violation?.message}`).toBe(breaks);
          caught = seed;
        }
      }
      expect(caught, `not caught in seeds 1..${c.seedsMax}`).not.toBeNull();
      for (let seed = 1; seed <= caught!; seed++) {
        const r = runFuzzSeed({ protocol: c.protocol, seed, options: c.options });
        expect(r.verdict, `clean seed ${seed}: ${r.violation?.name} ${r.violation?.message}`).toBe('pass');
      }
    }, 120_000);
  }
});
