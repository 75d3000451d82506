// The JSON a fuzz shard writes (`fuzz --json`) and `merge` reads: which seeds ran, what failed, where the failure files are.
import * as z from 'zod'; // a namespace import lets the bundler drop the parts of zod not used (bin/build.js)
import type { CampaignResult } from './fuzz-campaign.ts';
import type { Shard } from './shard.ts';
import { neverReached } from '../reports/index.ts';

export const RESULTS_FORMAT = 'replisim-fuzz-results/1';

export const resultsSchema = z.object({
  format: z.literal(RESULTS_FORMAT),
  protocol: z.string(),
  bugs: z.array(z.string()),
  from: z.number().int().nonnegative(),
  seeds: z.number().int().positive(),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).nullable(),
  seedsRun: z.array(z.number().int()),
  counts: z.object({ pass: z.number(), violation: z.number(), liveness: z.number(), crash: z.number(), nondeterminism: z.number() }),
  failures: z.array(z.object({
    seed: z.number().int(), verdict: z.string(), name: z.string(), message: z.string(), exitCode: z.number().int(),
    traceHash: z.string(), failureFile: z.string(),
  })),
  elapsedMs: z.number(),
  seedsPerMinute: z.number(),
  stopReason: z.enum(['done', 'failure', 'time-budget', 'interrupted']),
  resumeFrom: z.number().int().nullable(),
  codeVersion: z.string(),
  /** Coverage keys and "sometimes" marks (first seed and count each); absent in results written before marks existed. */
  coverage: z.object({
    seeds: z.number().int().nonnegative(),
    keyCount: z.number().int().nonnegative(),
    marks: z.array(z.object({ name: z.string(), description: z.string(), firstSeed: z.number().int().nullable(), count: z.number().int().nonnegative() })),
    neverReached: z.array(z.string()),
    keys: z.array(z.string()).optional(),
  }).optional(),
  /** Design-permitted anomalies (first seed, seeds, sightings each); absent in results written before they were tallied. */
  anomalies: z.array(z.object({ name: z.string(), firstSeed: z.number().int(), seeds: z.number().int().positive(), sightings: z.number().int().positive() })).optional(),
});

export type FuzzResults = z.infer<typeof resultsSchema>;

export function toResults(r: CampaignResult, meta: { protocol: string; bugs: readonly string[]; from: number; seeds: number; shard: Shard | null; codeVersion: string }): FuzzResults {
  return {
    format: RESULTS_FORMAT, protocol: meta.protocol, bugs: [...meta.bugs], from: meta.from, seeds: meta.seeds, shard: meta.shard,
    seedsRun: [...r.seedsRun], counts: { ...r.counts },
    failures: r.failures.map((f) => ({ seed: f.seed, verdict: f.verdict, name: f.name, message: f.message.split('\n')[0] ?? '', exitCode: f.exitCode, traceHash: f.traceHash, failureFile: f.failureFile })),
    elapsedMs: r.elapsedMs, seedsPerMinute: Math.round((r.seedsRun.length * 60_000) / Math.max(1, r.elapsedMs)),
    stopReason: r.stopReason, resumeFrom: r.resumeFrom, codeVersion: meta.codeVersion,
    coverage: { seeds: r.coverage.seeds, keyCount: r.coverage.keyCount, marks: r.coverage.marks.map((m) => ({ ...m })), neverReached: [...neverReached(r.coverage)], keys: [...(r.coverage.keys ?? [])] },
    anomalies: r.anomalies.map((a) => ({ ...a })),
  };
}
