// Bursts, as the crash-point catalog (catalog.ts) notes them for the aimed burst split (aimed-split.ts): a received
// message that opened a burst, more messages from the same sender in the same instant (a sync followed by the data it
// announces); cutting the receiver off right after it handled the head splits the burst. Fed the recording's message
// deliveries in order.

/** A link's open burst: its head delivery (received point, times, lateness) and how many followed it so far. */
interface Head<K> { key: K; atUs: number; isLate: boolean; tail: number; sentAtUs: number }

/**
 * `K`: what names a received point (the catalog passes its tally entry; the test, a text). Links are named by the
 * caller too (the catalog: sender and receiver as one number; any value a Map tells apart, one per from>to).
 */
export class BurstFacts<K = string> {
  /** Per link, the open burst: one Head per link, rewritten when the next burst opens (none made per delivery). */
  private readonly open = new Map<number | string, Head<K>>();
  /** Per received point, its late head with the longest tail. */
  private readonly bursts = new Map<K, { burst: number; burstLateUs: number }>();

  /** A message delivered at `atUs` (received point `key`) on `link` (from>to), sent at `sentAtUs`; `isLate` as the catalog's. */
  delivered(key: K, link: number | string, sentAtUs: number, atUs: number, isLate: boolean): void {
    const head = this.open.get(link);
    if (head === undefined) {
      this.open.set(link, { key, atUs, isLate, tail: 0, sentAtUs });
      return;
    }
    if (head.sentAtUs === sentAtUs) {
      head.tail++;
      return;
    }
    this.close(head);
    head.key = key; head.atUs = atUs; head.isLate = isLate; head.tail = 0; head.sentAtUs = sentAtUs;
  }

  private close(h: Head<K>): void {
    if (!h.isLate || h.tail === 0) return;
    const b = this.bursts.get(h.key);
    if (b === undefined || h.tail > b.burst) this.bursts.set(h.key, { burst: h.tail, burstLateUs: h.atUs });
  }

  /** Close the open bursts, then the extra fields of each received point that opened a late burst. */
  receivedFields(): ReadonlyMap<K, { burst: number; burstLateUs: number }> {
    for (const h of this.open.values()) this.close(h);
    this.open.clear();
    return this.bursts;
  }
}
