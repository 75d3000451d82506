// Outgoing TCP links by peer, as tbnet's connection manager: dial on demand, queue packets posted while the
// connection is being set up (bounded), flush them when it opens, drop them if it fails; forget on close.
import type { ConnId, Ctx } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';

/** Packets a link holds while connecting; older ones are dropped beyond this (tbnet's queue limit). */
export const LINK_QUEUE_MAX = 8;

export interface Link { readonly connId: ConnId; readonly isOpen: boolean; readonly queue: readonly TairMsg[] }
export type Links = Readonly<Record<string, Link>>;

/** Dial `peer` unless a link exists or is being set up. */
export function ensureLink(links: Links, peer: string, ctx: Ctx<TairMsg>): Links {
  if (links[peer] !== undefined) return links;
  return { ...links, [peer]: { connId: ctx.connect(peer), isOpen: false, queue: [] } };
}

/** Send on the link to `peer` if it is open (isSent), else queue it on the (new) connecting link. */
export function sendTo(links: Links, peer: string, msg: TairMsg, ctx: Ctx<TairMsg>): { links: Links; isSent: boolean } {
  const l = links[peer];
  if (l !== undefined && l.isOpen) {
    ctx.send(l.connId, msg);
    return { links, isSent: true };
  }
  const dialled = ensureLink(links, peer, ctx);
  const link = dialled[peer]!;
  const queue = [...link.queue, msg].slice(-LINK_QUEUE_MAX);
  return { links: { ...dialled, [peer]: { ...link, queue } }, isSent: false };
}

export const isLinkOpen = (links: Links, peer: string): boolean => links[peer]?.isOpen === true;

/** conn-opened on a link we dialled: flush its queue and mark it open. Null when the connection is not ours. */
export function onOpened(links: Links, peer: string, connId: ConnId, ctx: Ctx<TairMsg>): Links | null {
  const l = links[peer];
  if (l === undefined || l.connId !== connId) return null;
  for (const m of l.queue) ctx.send(connId, m);
  return { ...links, [peer]: { connId, isOpen: true, queue: [] } };
}

/** conn-closed: forget the link (and what it still queued) if it was ours. */
export function onClosed(links: Links, peer: string, connId: ConnId): Links {
  const l = links[peer];
  if (l === undefined || l.connId !== connId) return links;
  const next = { ...links };
  delete next[peer];
  return next;
}
