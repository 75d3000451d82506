// zab's records keyed by names (cnx's maps, the election's recvset and outofelection, the leader's acks) are copied by
// setKey through copyNamed (protocols/zab/env.ts: Object.assign into an empty literal, not a megamorphic spread): every
// such record of 20 timed and 20 aimed fuzz seeds' states must copy to the spread copy's entries, in the same order.
import { describe, expect, it } from 'vitest';
import { copyNamed } from '../../../protocols/zab/env.ts';
import { visitStates } from './state-census.ts';

/** Every observable of a record's entries: its JSON, its for-in keys in order, Object.keys and its values. */
function entries(r: object): unknown {
  const forIn: string[] = [];
  for (const k in r) forIn.push(k);
  return { json: JSON.stringify(r), forIn, keys: Object.keys(r), values: Object.values(r) };
}

describe('zab: named records copied by copyNamed', () => {
  it('a copy is a new object with the spread copy\'s entries, keys in insertion order', () => {
    const r = { s3: 1, s1: 2, '4294967297': [1], s2: 3 };
    expect(copyNamed(r)).not.toBe(r);
    expect(entries(copyNamed(r))).toEqual(entries({ ...r }));
    expect(entries(copyNamed({}))).toEqual(entries({}));
  });

  it('every named record of 20 timed and 20 aimed fuzz seeds copies as a spread does', () => {
    const bad: string[] = [];
    let compared = 0;
    const same = (where: string, r: object): void => {
      compared++;
      if (JSON.stringify(entries(copyNamed(r))) !== JSON.stringify(entries({ ...r }))) bad.push(`${where}: ${JSON.stringify(r)}`);
    };
    visitStates(20, (s) => {
      const c = s.cnx;
      same('cnx.conns', c.conns); same('cnx.dialing', c.dialing); same('cnx.queued', c.queued);
      same('cnx.lastSent', c.lastSent); same('cnx.busy', c.busy);
      if (s.election !== null) { same('election.recvset', s.election.recvset); same('election.outofelection', s.election.outofelection); }
      if (s.role.type === 'leader') same('role.acks', s.role.acks);
    });
    expect(compared).toBeGreaterThan(1000);
    expect(bad.slice(0, 3)).toEqual([]);
  }, 120_000);
});
