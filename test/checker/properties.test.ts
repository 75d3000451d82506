// Properties of the checker on generated histories: executions pass, a corrupted read fails, small cases match brute force.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOps, kvModel, kvNoPartitionModel, registerModel } from '../../sim/checker/index.ts';
import type { Op, RegisterInput, RegisterOutput, KvInput, KvOutput } from '../../sim/checker/index.ts';
import { execute, genOps, kvInput, kvOutput, registerInput, registerOutput } from './gen.ts';
import { bruteForceLinearizable } from './brute-force.ts';

const RUNS = 200;

describe('checker: histories produced by a sequential execution', () => {
  it('finds every concurrent register execution linearizable, unknown outcomes included', () => {
    fc.assert(fc.property(genOps(registerInput, { maxLength: 40, isConcurrent: true, hasUnknown: true }), (gen) => {
      expect(checkOps(registerModel, execute(registerModel, registerOutput, gen)).verdict).toBe('ok');
    }), { numRuns: RUNS });
  });

  it('finds every concurrent kv execution linearizable, partitioned or not', () => {
    fc.assert(fc.property(genOps(kvInput, { maxLength: 40, isConcurrent: true, hasUnknown: true }), (gen) => {
      const ops = execute(kvNoPartitionModel, kvOutput, gen);
      expect(checkOps(kvModel, ops).verdict).toBe('ok');
      expect(checkOps(kvNoPartitionModel, ops).verdict).toBe('ok');
    }), { numRuns: RUNS });
  });
});

/** Another value than the one read: nil ↔ a number, or the next number. */
function otherRegisterValue(v: number | null | undefined): number | null {
  return v === null || v === undefined ? 0 : v === 3 ? null : v + 1;
}

describe('checker: one corrupted read in a single-client history', () => {
  const singleClient = { maxLength: 30, isConcurrent: false, hasUnknown: false };

  it('makes a register history illegal, stuck at that read after everything before it', () => {
    fc.assert(fc.property(genOps(registerInput, singleClient), fc.nat(), (gen, pick) => {
      const ops = execute(registerModel, registerOutput, gen);
      const reads = ops.filter((o) => o.input.f === 'read');
      fc.pre(reads.length > 0);
      const target = reads[pick % reads.length]!;
      const bad: Op<RegisterInput, RegisterOutput>[] = ops.map((o) => (o !== target ? o : {
        ...o, output: { type: 'ok', value: otherRegisterValue((o.output as { value?: number | null }).value) },
      }));
      const r = checkOps(registerModel, bad);
      expect(r.verdict).toBe('illegal');
      if (r.verdict !== 'illegal') return;
      expect(r.detail.stuckAt.id).toBe(target.id);
      expect(r.detail.longestPrefix.map((p) => p.id)).toEqual(ops.slice(0, ops.indexOf(target)).map((o) => o.id));
    }), { numRuns: RUNS });
  });

  it('makes a kv history illegal', () => {
    fc.assert(fc.property(genOps(kvInput, singleClient), fc.nat(), (gen, pick) => {
      const ops = execute(kvNoPartitionModel, kvOutput, gen);
      const gets = ops.filter((o) => o.input.f === 'get');
      fc.pre(gets.length > 0);
      const target = gets[pick % gets.length]!;
      const bad: Op<KvInput, KvOutput>[] = ops.map((o) => (o !== target ? o : {
        ...o, output: { type: 'ok', value: `${(o.output as { value: string }).value}!` },
      }));
      const r = checkOps(kvModel, bad);
      expect(r.verdict).toBe('illegal');
      if (r.verdict === 'illegal') expect(r.detail.stuckAt.id).toBe(target.id);
    }), { numRuns: RUNS });
  });
});

describe('checker: agreement with a brute-force checker', () => {
  const readOut: fc.Arbitrary<RegisterOutput | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.constant({ type: 'fail' as const }),
    fc.constantFrom(null, 0, 1, 2).map((value) => ({ type: 'ok' as const, value })),
  );
  const randomOp = fc.record({
    input: registerInput,
    output: readOut,
    call: fc.integer({ min: 0, max: 20 }),
    length: fc.integer({ min: 0, max: 20 }),
  });

  it('gives the same verdict on random register histories of up to 7 operations', () => {
    fc.assert(fc.property(fc.array(randomOp, { maxLength: 7 }), (raw) => {
      // Outputs are random, so many histories are illegal; writes ignore the output, reads and cas do not.
      const ops: Op<RegisterInput, RegisterOutput>[] = raw.map((r, i) => ({
        id: i, client: i, input: r.input,
        output: r.input.f === 'write' && r.output !== undefined ? { type: 'ok' } : r.output,
        call: 2 * r.call, ret: r.output === undefined ? null : 2 * (r.call + r.length) + 1,
      }));
      expect(checkOps(registerModel, ops).verdict === 'ok').toBe(bruteForceLinearizable(registerModel, ops));
    }), { numRuns: 1000 });
  });
});
