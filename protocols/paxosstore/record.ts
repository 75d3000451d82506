// EntryRecord (certain.proto) and the pure TPaxos rules on it: ballots, Update/adopt, majority promise, chosen.

/** A value proposed for an entry: a write of one key, or a no-op (key null) used to finish an orphaned entry. */
export interface Value {
  readonly id: string;
  readonly key: string | null;
  readonly val: number;
}

/** One acceptor's record of one entry, as it knows it or as another node last saw it. */
export interface EntryRecord {
  readonly prepared: number;
  readonly promised: number;
  readonly accepted: number;
  readonly value: Value | null;
  readonly isChosen: boolean;
}

export const EMPTY_RECORD: EntryRecord = { prepared: 0, promised: 0, accepted: 0, value: null, isChosen: false };

export const isEmptyRecord = (r: EntryRecord): boolean => r.prepared === 0 && r.promised === 0 && r.accepted === 0 && !r.isChosen;

/** IsRecordNewer: never replaces a chosen record; a chosen one or any grown number is newer. */
export function isRecordNewer(old: EntryRecord, nu: EntryRecord): boolean {
  if (old.isChosen) return false;
  if (nu.isChosen) return true;
  return nu.prepared > old.prepared || nu.promised > old.promised || nu.accepted > old.accepted;
}

export const sameRecord = (a: EntryRecord, b: EntryRecord): boolean =>
  a.prepared === b.prepared && a.promised === b.promised && a.accepted === b.accepted && a.isChosen === b.isChosen && a.value?.id === b.value?.id;

/** Promise: the next proposal number above `above` owned by acceptor `idx` (pn mod n identifies the proposer). */
export function nextBallot(above: number, idx: number, n: number): number {
  return (Math.floor(above / n) + 1) * n + idx + 1;
}

/**
 * Which acceptor generated value id `id` (clsEntryStateMachine::GetAcceptorID on a ValueID): ids start with the
 * acceptor's node id ("a2:17", "a2@1500000:3", "a2:noop:…").
 */
export const valueOwner = (id: string): number => Number(/^a(\d+)[:@]/.exec(id)?.[1] ?? 0) - 1;

/** Which acceptor issued ballot `pn`. */
export const ballotOwner = (pn: number, n: number): number => (pn - 1) % n;

/**
 * Update(local, peer): raise the promise to the peer's; adopt a chosen record; adopt the peer's accepted proposal
 * when we promised nothing higher and accepted something lower (P2a). A chosen local record never changes.
 */
export function adoptPeer(local: EntryRecord, peer: EntryRecord): EntryRecord {
  if (local.isChosen) return local;
  if (peer.isChosen) {
    return { prepared: local.prepared, promised: Math.max(local.promised, peer.promised, peer.accepted), accepted: peer.accepted, value: peer.value, isChosen: true };
  }
  let next = local;
  if (peer.promised > next.promised) next = { ...next, promised: peer.promised };
  if (peer.accepted > 0 && local.promised <= peer.accepted && local.accepted < peer.accepted) {
    next = { ...next, accepted: peer.accepted, value: peer.value, promised: Math.max(next.promised, peer.accepted) };
  }
  return next;
}

/** Count records whose field equals `v`. */
function countWhere(records: readonly EntryRecord[], pick: (r: EntryRecord) => boolean): number {
  let c = 0;
  for (const r of records) if (pick(r)) c++;
  return c;
}

/**
 * kMajorityPromise: a majority promised our prepared number and nobody higher reached us since.
 * `isGuardSkipped` is the TPaxosAP mutation: count ourselves and ignore a higher promise we made meanwhile.
 */
export function hasMajorityPromise(records: readonly EntryRecord[], self: number, majority: number, isGuardSkipped: boolean): boolean {
  const local = records[self]!;
  if (local.prepared === 0 || local.accepted >= local.prepared) return false;
  if (!isGuardSkipped) {
    if (local.promised !== local.prepared) return false;
    return countWhere(records, (r) => r.promised === local.prepared) >= majority;
  }
  return 1 + countWhere(records.filter((_, i) => i !== self), (r) => r.promised === local.prepared) >= majority;
}

/** The value Accept must propose: the highest accepted among known records below our ballot, else ours. */
export function valueToAccept(records: readonly EntryRecord[], ballot: number, own: Value): Value {
  let best: EntryRecord | null = null;
  for (const r of records) {
    if (r.accepted > 0 && r.accepted < ballot && r.value !== null && (best === null || r.accepted > best.accepted)) best = r;
  }
  return best?.value ?? own;
}

/** kChosen: our accepted number is held by a majority of the records we know (equal number ⇒ equal value). */
export function isMajorityAccepted(records: readonly EntryRecord[], self: number, majority: number): boolean {
  const local = records[self]!;
  if (local.accepted === 0) return false;
  return countWhere(records, (r) => r.accepted === local.accepted) >= majority;
}

/** IsValidRecord: prepared ≤ promised, accepted ≤ promised, accepted > 0 ⇔ value, chosen ⇒ value. */
export function recordProblem(r: EntryRecord): string | null {
  if (r.prepared > r.promised) return `prepared ${r.prepared} > promised ${r.promised}`;
  if (r.accepted > r.promised) return `accepted ${r.accepted} > promised ${r.promised}`;
  if ((r.accepted > 0) !== (r.value !== null)) return `accepted ${r.accepted} with value ${r.value === null ? 'none' : r.value.id}`;
  if (r.isChosen && r.value === null) return 'chosen without a value';
  return null;
}
