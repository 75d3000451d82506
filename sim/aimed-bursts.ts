// Bursts, as the crash-point catalog (catalog.ts) notes them for the aimed burst split (aimed-split.ts): a received
// message that opened a burst, more messages from the same sender in the same instant (a sync followed by the data it
// announces); cutting the receiver off right after it handled the head splits the burst. Fed the recording's message
// deliveries in order.
import { KeyInterner } from './key-interner.ts';

interface Head { readonly key: string; readonly atUs: number; readonly isLate: boolean; tail: number; readonly sentAtUs: number }

export class BurstFacts {
  /** Per link from>to, the open burst (its head delivery). */
  private readonly open = new Map<string, Head>();
  /** Per received-point key, its late head with the longest tail. */
  private readonly bursts = new Map<string, { burst: number; burstLateUs: number }>();
  /** The link keys (from>to): built once per link, not once per delivery. */
  private readonly links = new KeyInterner('>');

  /** A message delivered to `to` at `atUs` (received-point key `key`), sent by `from` at `sentAtUs`; `isLate` as the catalog's. */
  delivered(key: string, from: string, to: string, sentAtUs: number, atUs: number, isLate: boolean): void {
    const link = this.links.pair(from, to);
    const head = this.open.get(link);
    if (head !== undefined && head.sentAtUs === sentAtUs) {
      head.tail++;
      return;
    }
    if (head !== undefined) this.close(head);
    this.open.set(link, { key, atUs, isLate, tail: 0, sentAtUs });
  }

  private close(h: Head): void {
    if (!h.isLate || h.tail === 0) return;
    const b = this.bursts.get(h.key);
    if (b === undefined || h.tail > b.burst) this.bursts.set(h.key, { burst: h.tail, burstLateUs: h.atUs });
  }

  /** Close the open bursts, then the extra fields of each received point that opened a late burst. */
  receivedFields(): ReadonlyMap<string, { burst: number; burstLateUs: number }> {
    for (const h of this.open.values()) this.close(h);
    this.open.clear();
    return this.bursts;
  }
}
