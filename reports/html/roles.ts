// Role bands for the lanes: each node's role over time (leader / follower / looking, or whatever roles() reports), from the recorded role changes.
import type { RoleChange } from '../recording.ts';
import { LEADER_ROLES } from '../recording.ts';

/** [node index, role index into names, first event, last event] (inclusive). */
export type RoleBand = readonly [number, number, number, number];

/** Fixed colours for the role names protocols use, so "leader" looks the same in every report. */
const KNOWN: readonly (readonly [RegExp, string])[] = [
  [/^(leaders?|masters?|primary|primaries|leading)$/i, '#2e7d32'],
  [/^(followers?|following|backups?|slaves?|replicas?|secondary|secondaries)$/i, '#1e88e5'],
  [/^(looking|candidates?|electing|election)$/i, '#ffb300'],
  [/^(observers?|observing|learners?)$/i, '#00acc1'],
];
const OTHER_COLOURS = ['#8e24aa', '#6d4c41', '#f4511e', '#546e7a', '#c0ca33', '#d81b60'];
/** A node listed under several roles gets the first of these it holds, then the first in roles() order. */
const FIRST = [...LEADER_ROLES, 'leaders', 'masters', 'primaries', 'leading'];

export function roleColour(name: string, otherIndex: number): string {
  for (const [re, c] of KNOWN) if (re.test(name)) return c;
  return OTHER_COLOURS[otherIndex % OTHER_COLOURS.length]!;
}

/** The role a node shows in a role snapshot, or null. */
function roleOf(roles: Readonly<Record<string, readonly string[]>>, node: string): string | null {
  for (const r of FIRST) if (roles[r]?.includes(node) === true) return r;
  for (const [r, ids] of Object.entries(roles)) if (ids.includes(node)) return r;
  return null;
}

/** Each node's role bands over the run, merged where the role stays the same, with a colour per role name. */
export function roleBandsOf(changes: readonly RoleChange[], nodes: readonly string[], lastEvent: number): { bands: RoleBand[]; names: string[]; colours: string[] } {
  const names: string[] = [];
  const colours: string[] = [];
  let others = 0;
  const nameIndex = (n: string): number => {
    let i = names.indexOf(n);
    if (i < 0) {
      i = names.length;
      names.push(n);
      const isKnown = KNOWN.some(([re]) => re.test(n));
      colours.push(roleColour(n, others));
      if (!isKnown) others++;
    }
    return i;
  };
  const bands: RoleBand[] = [];
  nodes.forEach((node, ni) => {
    let open: { role: number; from: number } | null = null;
    for (let k = 0; k < changes.length; k++) {
      const c = changes[k]!;
      const name = roleOf(c.roles, node);
      const role = name === null ? -1 : nameIndex(name);
      if (open !== null && open.role === role) continue;
      if (open !== null) bands.push([ni, open.role, open.from, c.event - 1]);
      open = role < 0 ? null : { role, from: c.event };
    }
    if (open !== null) bands.push([ni, open.role, open.from, Math.max(open.from, lastEvent)]);
  });
  return { bands: bands.sort((a, b) => a[2] - b[2] || a[0] - b[0]), names, colours };
}
