// The scenario file format (scenarios/<protocol>/<situation>.json), as a zod schema; the JSON Schema is generated from it.
import * as z from 'zod'; // a namespace import lets the bundler drop the parts of zod not used (bin/build.js)
import { parseDuration } from '../sim/index.ts';
import { triggerSchema } from './trigger-schema.ts';

const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(us|ms|s|m|h)\\s*$';

/** "200ms", "5s", "1.5s", "30us", "2m" → microseconds. */
export const duration = z
  .string()
  .regex(new RegExp(DURATION_PATTERN), 'a duration with a unit, e.g. "200ms", "5s", "1.5s", "30us"')
  .transform((s) => parseDuration(s)!);

/** "1/100" or { numerator, denominator }. */
export const ratioSchema = z.union([
  z.string().regex(/^\d+\/[1-9]\d*$/, 'a ratio such as "1/100"').transform((s) => {
    const [n, d] = s.split('/').map(Number);
    return { numerator: n!, denominator: d! };
  }),
  z.object({ numerator: z.number().int().nonnegative(), denominator: z.number().int().positive() }).strict(),
]);

const target = z.string().min(1).describe('a node id, a role ("leader"), "any-<role>" or "all-<role>"');
const stepTarget = z.string().min(1).describe('a node id, a role ("leader"), "any-<role>", "all-<role>", or for a triggered step "trigger" / "trigger-peer"');
const forDur = duration.optional().describe('restart / resume the same node after this long');
const partitionFor = duration.optional().describe('lift the links this step blocked after this long (other partitions, clogs and loss stay)');
/** Every step is timed (`at`) or triggered (`when`, with `at` as its arm time and an optional `delay`). */
const timing = {
  at: duration.optional().describe('when the step happens, from the start of the run (with "when": when its trigger is armed, default 0)'),
  when: triggerSchema.optional(),
  delay: duration.optional().describe('with "when": apply the step this long after the trigger matched (default 0: at once)'),
};

const stepKinds = z.discriminatedUnion('kind', [
  z.object({
    ...timing, kind: z.literal('crash'), target: stepTarget, mode: z.enum(['process', 'machine']).optional(), for: forDur,
    unsynced: z.enum(['random', 'lost']).optional().describe('with mode "machine": "random" (default) keeps a random prefix of each file\'s unsynced writes and may tear the next append; "lost" drops them all'),
  }).strict(),
  z.object({ ...timing, kind: z.literal('restart'), target: stepTarget }).strict(),
  z.object({ ...timing, kind: z.literal('pause'), target: stepTarget, for: forDur }).strict(),
  z.object({ ...timing, kind: z.literal('resume'), target: stepTarget }).strict(),
  z.object({ ...timing, kind: z.literal('partition'), groups: z.array(z.array(z.string().min(1)).min(1)).min(2), for: partitionFor }).strict(),
  z.object({ ...timing, kind: z.literal('partition-one-way'), from: stepTarget, to: stepTarget, for: partitionFor }).strict(),
  z.object({ ...timing, kind: z.literal('heal') }).strict(),
  z.object({ ...timing, kind: z.literal('clog'), from: stepTarget, to: stepTarget, duration }).strict(),
  z.object({ ...timing, kind: z.literal('clock-offset'), target: stepTarget, offset: z.string().regex(/^-?\s*\d/).transform((s) => (s.trim().startsWith('-') ? -1 : 1) * (parseDuration(s.replace('-', '')) ?? NaN)).refine(Number.isFinite, 'a signed duration such as "-300ms"') }).strict(),
  z.object({ ...timing, kind: z.literal('clock-drift'), target: stepTarget, driftPpm: z.number().int().min(-400_000).max(400_000) }).strict(),
  z.object({
    ...timing, kind: z.literal('disk-corrupt'), target: stepTarget, file: z.string().optional(),
    record: z.enum(['random', 'last']).optional().describe('"random" (default): any record of the file; "last": its last record (the latest append)'),
  }).strict(),
  z.object({ ...timing, kind: z.literal('disk-slow'), target: stepTarget, factor: z.number().int().min(1).max(10_000), duration }).strict(),
  z.object({ ...timing, kind: z.literal('kill-during-write'), target: stepTarget, for: forDur }).strict(),
  z.object({ ...timing, kind: z.literal('corrupt-messages'), from: stepTarget, to: stepTarget, count: z.number().int().min(1).max(1000) }).strict(),
  z.object({ ...timing, kind: z.literal('datagram-loss'), loss: ratioSchema }).strict(),
]);

export const stepSchema = stepKinds
  .superRefine((s, ctx) => {
    if (s.at === undefined && s.when === undefined) ctx.addIssue({ code: 'custom', path: ['at'], message: 'a time such as "2s" (or a "when" trigger)' });
    if (s.delay !== undefined && s.when === undefined) ctx.addIssue({ code: 'custom', path: ['delay'], message: 'no "delay" without a "when" trigger' });
    if (s.kind === 'crash' && s.unsynced !== undefined && s.mode !== 'machine') ctx.addIssue({ code: 'custom', path: ['unsynced'], message: '"unsynced" only with "mode": "machine" (a process crash keeps the page cache)' });
  })
  .transform((s) => ({ ...s, at: s.at ?? 0 }));

const latency = z.object({ min: duration, max: duration }).strict();

export const networkSchema = z.object({
  latency: latency.optional(),
  linkLatency: z.record(z.string().regex(/^[^>]+->[^>]+$/, '"from->to"'), latency).optional(),
  datagramLoss: ratioSchema.optional(),
  datagramDuplication: ratioSchema.optional(),
  connectionDetectionDelay: duration.optional(),
  connectTimeout: duration.optional(),
}).strict();

export const diskSchema = z.object({ latency: latency.optional(), fsyncLatency: latency.optional() }).strict();

const when = {
  within: duration.optional().describe('holds at some moment no later than this'),
  at: duration.optional().describe('holds at this moment'),
  atEnd: z.literal(true).optional().describe('holds when the run ends'),
  always: z.literal(true).optional().describe('holds after every event'),
  never: z.literal(true).optional().describe('holds after no event'),
};

export const expectationSchema = z.union([
  z.object({ verdict: z.enum(['pass', 'violation', 'liveness', 'crash']), name: z.string().optional() }).strict(),
  z.object({ probe: z.string().min(1), ...when }).strict(),
  z.object({
    role: z.string().min(1),
    equals: z.array(z.string()).optional(),
    includes: z.string().optional(),
    nonEmpty: z.literal(true).optional(),
    empty: z.literal(true).optional(),
    ...when,
  }).strict(),
  z.object({ anomaly: z.string().min(1), atLeast: z.number().int().nonnegative().optional(), atMost: z.number().int().nonnegative().optional() }).strict(),
  z.object({ linearizability: z.enum(['ok', 'illegal', 'unknown']) }).strict(),
]);

export const clientOpSchema = z.object({
  at: duration,
  target,
  client: z.number().int().nonnegative().default(0),
  op: z.object({ type: z.string().min(1) }).passthrough(),
}).strict();

export const scenarioSchema = z.object({
  $schema: z.string().optional(),
  protocol: z.string().min(1),
  description: z.string().min(1),
  seed: z.number().int().nonnegative().max(2 ** 31 - 1).default(1),
  duration: duration.describe('length of the fault phase; then everything heals and liveness is checked'),
  options: z.record(z.string(), z.unknown()).default({}),
  network: networkSchema.optional(),
  disk: diskSchema.optional(),
  bugs: z.array(z.string()).default([]),
  initiallyDown: z.array(z.string()).default([]),
  downBudget: z.object({
    maxDownNodes: z.number().int().min(0).max(1000),
    kinds: z.array(z.string().min(1)).optional().describe('node kinds counted (default all)'),
  }).strict().optional().describe('fuzz plans: a crash / pause / kill that would leave more than maxDownNodes nodes down at once is skipped (a triggered one waits for a later match)'),
  liveness: z.boolean().default(true).describe('heal and check the liveness predicates after the fault phase'),
  steps: z.array(stepSchema).default([]),
  workload: z.union([z.literal('default'), z.literal('none'), z.array(clientOpSchema)]).default('default'),
  expect: z.array(expectationSchema).min(1),
}).strict().superRefine((f, ctx) => {
  // A typo in "after" would leave its step silently never armed: name it instead.
  const ids = new Set(f.steps.flatMap((s) => (s.when?.id !== undefined ? [s.when.id] : [])));
  f.steps.forEach((s, i) => {
    const after = s.when?.after;
    if (after !== undefined && after !== s.when?.id && !ids.has(after)) {
      ctx.addIssue({ code: 'custom', path: ['steps', i, 'when', 'after'], message: `an "id" another step's "when" carries (${ids.size > 0 ? `ids: ${[...ids].map((x) => `"${x}"`).join(', ')}` : 'no step has one'})` });
    }
  });
});

export type ScenarioFile = z.output<typeof scenarioSchema>;
export type Expectation = z.output<typeof expectationSchema>;
export type ScenarioStep = z.output<typeof stepSchema>;

/** JSON Schema for editors (written to scenarios/scenario.schema.json by `npm run schema`). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}
