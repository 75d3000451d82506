// Outgoing TCP links by peer: dial on demand, send only while open (tbnet drops what it cannot send), forget on close.
import type { ConnId, Ctx } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';

export interface Link { readonly connId: ConnId; readonly isOpen: boolean }
export type Links = Readonly<Record<string, Link>>;

/** Dial `peer` unless a link exists or is being set up. */
export function ensureLink(links: Links, peer: string, ctx: Ctx<TairMsg>): Links {
  if (links[peer] !== undefined) return links;
  return { ...links, [peer]: { connId: ctx.connect(peer), isOpen: false } };
}

/** Send on the link to `peer` if it is open (returns true), else dial it and drop the message. */
export function sendTo(links: Links, peer: string, msg: TairMsg, ctx: Ctx<TairMsg>): { links: Links; isSent: boolean } {
  const l = links[peer];
  if (l !== undefined && l.isOpen) {
    ctx.send(l.connId, msg);
    return { links, isSent: true };
  }
  return { links: ensureLink(links, peer, ctx), isSent: false };
}

export const isLinkOpen = (links: Links, peer: string): boolean => links[peer]?.isOpen === true;

/** conn-opened on a link we dialled: mark it open. Returns null when the connection is not one of ours. */
export function onOpened(links: Links, peer: string, connId: ConnId): Links | null {
  const l = links[peer];
  if (l === undefined || l.connId !== connId) return null;
  return { ...links, [peer]: { connId, isOpen: true } };
}

/** conn-closed: forget the link if it was ours. */
export function onClosed(links: Links, peer: string, connId: ConnId): Links {
  const l = links[peer];
  if (l === undefined || l.connId !== connId) return links;
  const next = { ...links };
  delete next[peer];
  return next;
}
