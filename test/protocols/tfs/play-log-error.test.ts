// S16 at runtime (issue 16): recv_log_ goes on past a record replay_helper cannot play (EXIT_PLAY_LOG_ERROR) instead of
// breaking. In the clean protocol every record the master writes has a known type and servers, and the record CRC
// stops a damaged one first, so the branch is reached only with the CRC check off: bug-no-crc-check's schedule.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';

const s = loadScenarioFile(join(import.meta.dirname, '../../../scenarios/tfs/bug-no-crc-check.json'));

describe('tfs S16: an unplayable record is skipped and replay goes on (bug-no-crc-check, seed 3)', () => {
  it('seed 3 damages a record type before any bad record is applied: the slave skips it, then the flag is caught', () => {
    // Seeds 1..30 reach the skip in 9 runs (the corrupted leaf is drawn); seed 3 is the first.
    const o = runScenario({ ...s, seed: 3 });
    expect(o.isPassed, `${o.result.verdict} ${o.result.violation?.name ?? ''}`).toBe(true);
    expect(o.result.anomalies['oplog-unplayable-record-skipped'] ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('with the CRC check on (the clean control), nothing unplayable reaches the dispatch', () => {
    const o = runScenario({ ...s, seed: 3, bugs: [], expect: [{ verdict: 'pass' }] });
    expect(o.isPassed).toBe(true);
    expect(o.result.anomalies['oplog-unplayable-record-skipped'] ?? 0).toBe(0);
  });
});
