// S16 at runtime (issue 16): recv_log_ goes on past a record replay_helper cannot play (EXIT_PLAY_LOG_ERROR) instead of
// breaking. type_ lies outside trunk's record CRC, so with the CRC check ON a damaged type_ reaches the dispatch:
// bug-no-crc-check's disk-damage schedule, clean, seed 19 (scenario corrupt-oplog-type-outside-crc).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';

const flagged = loadScenarioFile(join(import.meta.dirname, '../../../scenarios/tfs/bug-no-crc-check.json'));

describe('tfs S16: an unplayable record is skipped and replay goes on (CRC check on, seed 19)', () => {
  it('clean, seed 19 damages a record type_: the slave skips it, parses on misaligned, and the run passes', () => {
    // Seeds 1..150 of this schedule reach the skip in 13 runs; 19 is the first.
    const o = runScenario({ ...cleanVariant(flagged), seed: 19 });
    expect(o.isPassed, `${o.result.verdict} ${o.result.violation?.name ?? ''}`).toBe(true);
    expect(o.result.anomalies['oplog-unplayable-record-skipped'] ?? 0).toBeGreaterThanOrEqual(1);
    expect(o.result.anomalies['oplog-replay-misaligned'] ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('seed 18 damages no type_: nothing unplayable reaches the dispatch', () => {
    const o = runScenario({ ...cleanVariant(flagged), seed: 18 });
    expect(o.isPassed).toBe(true);
    expect(o.result.anomalies['oplog-unplayable-record-skipped'] ?? 0).toBe(0);
  });
});
