// The property key of a zxid in the leader's acks (zxid -> ackers), made once per zxid and reused.
// Why: a zxid is epoch * 2^32 + counter, above the largest array index, so `acks[zxid]` is a named property: every read
// or write with the number key converts it to a decimal string and looks that string up in V8's string table (measured
// alone: ~2x the cost of the same access with a reused key string). A proposal's acks are read and written some ten
// times (propose, the leader's own log write, each follower's ACK, tryCommit), always for the few newest zxids. The
// same string object, once used as a key, is linked to its internalized twin, so later accesses skip the conversion.
// `acks[zxidKey(z)]` is `acks[z]` by definition (a number property key is its ToString).

const SIZE = 16;
const zxids: number[] = new Array<number>(SIZE).fill(-1);
const keys: string[] = new Array<string>(SIZE).fill('');
let next = 0;

/** String(zxid), from a ring of the last 16 asked for (the leader's in-flight proposals). */
export function zxidKey(zxid: number): string {
  for (let i = 0; i < SIZE; i++) if (zxids[i] === zxid) return keys[i]!;
  const key = String(zxid);
  zxids[next] = zxid;
  keys[next] = key;
  next = (next + 1) % SIZE;
  return key;
}
