// The `when` of a scenario step: a trigger (sim/trigger-types.ts) in scenario-file JSON, with errors that name the field.
import { z } from 'zod';

const matcher = (what: string) => z.string().min(1).optional().describe(`${what}: a node id, a role ("leader"), "any-<role>" or "any" (omitted = any)`);
const nth = z.number().int().min(1).max(1_000_000).optional().describe('fire at the nth match (default 1)');
const edge = z.enum(['before', 'after']).optional();
const messageType = z.string().min(1).describe('a message type, or "*" for any');

const kinds = {
  disk: z.object({
    disk: z.enum(['write', 'append', 'replace', 'truncate', 'delete', 'fsync']).describe('"write" = any mutation (append, replace, truncate, delete)'),
    node: matcher('the node doing the op'), file: z.string().min(1).optional(), nth,
    edge: edge.describe('"before" = when the op is issued (a crash then loses it); "after" (default) = when it completed, before the node hears of it'),
  }).strict(),
  send: z.object({ send: messageType, node: matcher('the sender'), to: matcher('the receiver'), nth }).strict(),
  receive: z.object({
    receive: messageType, node: matcher('the receiver'), from: matcher('the sender'), nth,
    edge: edge.describe('"before" = the message arrived, its handler has not run (a crash loses it); "after" (default) = after the handler and its effects'),
  }).strict(),
  role: z.object({ role: z.string().min(1).describe('a node enters this role'), node: matcher('the node entering it'), nth }).strict(),
  probe: z.object({ probe: z.string().min(1).describe('a protocol probe turns true'), nth }).strict(),
} as const;

type Kind = keyof typeof kinds;
const KIND_NAMES = Object.keys(kinds) as Kind[];

/** What was wrong with a trigger, as one line: which kind it is and its first bad field. */
function triggerError(input: unknown): string {
  const example = 'a trigger such as {"disk": "fsync", "node": "leader", "file": "log"}';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return example;
  const present = KIND_NAMES.filter((k) => k in input);
  if (present.length !== 1) {
    return `a trigger with exactly one of ${KIND_NAMES.map((k) => `"${k}"`).join(', ')} (found ${present.length === 0 ? 'none' : present.join(' and ')})`;
  }
  const kind = present[0]!;
  const issue = kinds[kind].safeParse(input).error?.issues[0];
  if (issue === undefined) return example;
  const where = issue.path.length === 0 ? '' : `field "${issue.path.join('.')}": `;
  return `a ${kind} trigger (${where}${issue.message.replace(/^Invalid input: /, '')})`;
}

export const triggerSchema = z
  .union([kinds.disk, kinds.send, kinds.receive, kinds.role, kinds.probe], { error: (iss) => triggerError(iss.input) })
  .describe('fire the step on an event instead of at a time; "at" is then when the trigger is armed (default 0)');

export type TriggerJson = z.output<typeof triggerSchema>;
