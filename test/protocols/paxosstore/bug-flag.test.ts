// env.ts `bug` keeps one 'paxosstore/<name>' string per flag name and answers an empty set by its size: it must answer
// as the plain `bugs.has('paxosstore/' + name)` for every set and name, asked in any order and more than once.
import { describe, expect, it } from 'vitest';
import type { BugSet } from '../../../sim/index.ts';
import { bug } from '../../../protocols/paxosstore/env.ts';
import type { Env } from '../../../protocols/paxosstore/env.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';

const envOf = (bugs: BugSet): Env => ({ bugs }) as unknown as Env;

describe('paxosstore: bug flags', () => {
  it('answers as the plain set lookup for every flag and set', () => {
    const names = [...paxosstoreProtocol.bugs.map((b) => b.id.replace(/^paxosstore\//, '')), 'no-such-flag'];
    expect(names.length).toBeGreaterThan(3);
    const sets: BugSet[] = [new Set(), new Set([`paxosstore/${names[0]}`]), new Set([`paxosstore/${names[1]}`, `paxosstore/${names[2]}`]), new Set([names[0]!]), new Set(['tair/' + names[0]])];
    for (let round = 0; round < 2; round++) {
      for (const set of sets) {
        for (const n of round === 0 ? names : [...names].reverse()) expect(bug(envOf(set), n)).toBe(set.has(`paxosstore/${n}`));
      }
    }
    expect(bug(envOf(sets[1]!), names[0]!)).toBe(true);
  });
});
