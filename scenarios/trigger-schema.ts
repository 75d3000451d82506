// The `when` of a scenario step: a trigger (sim/trigger-types.ts) in scenario-file JSON. One object with every trigger
// field (so each bad field gets its own path and message), refined to exactly one kind and the fields that kind takes.
import { z } from 'zod';
import type { Trigger } from '../sim/index.ts';

const matcher = (what: string) => z.string().min(1).optional().describe(`${what}: a node id, a role ("leader"), "any-<role>" or "any" (omitted = any)`);
const messageType = z.string().min(1);

const KINDS = ['disk', 'send', 'receive', 'role', 'probe'] as const;
type Kind = (typeof KINDS)[number];

/** The fields each kind takes besides its own. */
const FIELDS: Readonly<Record<Kind, readonly string[]>> = {
  disk: ['node', 'file', 'nth', 'edge'],
  send: ['node', 'to', 'nth'],
  receive: ['node', 'from', 'nth', 'edge'],
  role: ['node', 'nth'],
  probe: ['nth'],
};

/** Fields every kind takes: ordering one triggered step after another (sim/trigger-types.ts TriggerOrder). */
const ORDER_FIELDS: readonly string[] = ['id', 'after'];

export const triggerSchema = z.object({
  disk: z.enum(['write', 'append', 'replace', 'truncate', 'delete', 'fsync']).optional()
    .describe('a disk op by the node: "write" = any mutation (append, replace, truncate, delete), or "fsync"'),
  send: messageType.optional().describe('a message type the node sends, or "*": fires right after the send'),
  receive: messageType.optional().describe('a message type reaching the node, or "*"'),
  role: z.string().min(1).optional().describe('a node enters this role'),
  probe: z.string().min(1).optional().describe('a protocol probe turns true'),
  node: matcher('the node where it happens'),
  file: z.string().min(1).optional().describe('disk: only this file'),
  to: matcher('send: the receiver'),
  from: matcher('receive: the sender'),
  nth: z.number().int().min(1).max(1_000_000).optional().describe('fire at the nth match (default 1)'),
  id: z.string().min(1).optional().describe('a name for this step, for another trigger\'s "after"'),
  after: z.string().min(1).optional()
    .describe('armed only once a step whose trigger has this "id" has fired (counting from the next send, receive, disk op or change on)'),
  edge: z.enum(['before', 'after']).optional()
    .describe('disk: "before" = when the op is issued (a crash then loses it), "after" (default) = completed, before the node hears of it; receive: "before" = the handler has not run (a crash loses the message), "after" (default) = after the handler and its effects'),
}).strict().superRefine((t, ctx) => {
  const present = KINDS.filter((k) => t[k] !== undefined);
  if (present.length !== 1) {
    ctx.addIssue({ code: 'custom', path: [], message: `a trigger with exactly one of ${KINDS.map((k) => `"${k}"`).join(', ')} (it has ${present.length === 0 ? 'none' : present.map((k) => `"${k}"`).join(' and ')})` });
    return;
  }
  const kind = present[0]!;
  for (const f of Object.keys(t)) {
    if (f !== kind && t[f as keyof typeof t] !== undefined && !FIELDS[kind].includes(f) && !ORDER_FIELDS.includes(f)) {
      ctx.addIssue({ code: 'custom', path: [f], message: `no "${f}" in a ${kind} trigger (it takes ${[...FIELDS[kind], ...ORDER_FIELDS].map((x) => `"${x}"`).join(', ')})` });
    }
  }
  if (t.id !== undefined && t.id === t.after) ctx.addIssue({ code: 'custom', path: ['after'], message: `"after" names the trigger's own "id" ("${t.id}"): it would never be armed` });
}).transform((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as unknown as Trigger)
  .describe('fire the step on an event instead of at a time; "at" is then when the trigger is armed (default 0)');
