// The context handed to a handler: effects are recorded here and carried out by the kernel after the handler returns.
import type { World } from './world.ts';
import { TimerRec, type NodeRec } from './node.ts';
import type { Address, ConnId, Ctx, DiskOpId, DiskOpKind, Message, NodeId, ReqId, TimerId } from './types.ts';
import type { Mutation } from './disk.ts';
import { makeRecord } from './disk.ts';
import type { Prng } from './prng.ts';
import { assert } from './assert.ts';
import type { ExitEffect } from './exit.ts';

export type Effect =
  | { readonly k: 'connect'; readonly connId: ConnId; readonly address: Address }
  | { readonly k: 'send'; readonly connId: ConnId; readonly msg: Message }
  | { readonly k: 'close'; readonly connId: ConnId }
  | { readonly k: 'datagram'; readonly to: Address; readonly msg: Message }
  | TimerRec
  | { readonly k: 'cancel-timer'; readonly timerId: TimerId }
  | { readonly k: 'disk'; readonly opId: DiskOpId; readonly op: DiskOpKind; readonly file: string; readonly mutation: Mutation | null; readonly tag: unknown }
  | { readonly k: 'reply'; readonly reqId: ReqId; readonly result: unknown }
  | { readonly k: 'bind-alias'; readonly alias: Address; readonly node: NodeId | null }
  | { readonly k: 'log'; readonly text: string }
  | { readonly k: 'anomaly'; readonly name: string; readonly detail: string }
  | ExitEffect;

/** One per node, reused across events; the kernel resets `effectCount` around each handler. */
export class NodeCtx implements Ctx<Message> {
  /** Recorded effects are effects[0 .. effectCount); slots are reused (setting an array's length is slow). */
  readonly effects: Effect[] = [];
  effectCount = 0;

  private add(e: Effect): void {
    this.effects[this.effectCount++] = e;
  }

  constructor(private readonly w: World, private readonly n: NodeRec) {}

  get self(): NodeId { return this.n.id; }
  get nowUs(): number { return this.n.clock.localAt(this.w.nowUs); }
  get prng(): Prng { return this.n.prng; }

  connect(to: Address): ConnId {
    const connId = this.w.newId() as ConnId;
    this.add({ k: 'connect', connId, address: to });
    return connId;
  }
  send(connId: ConnId, msg: Message): void { this.add({ k: 'send', connId, msg }); }
  close(connId: ConnId): void { this.add({ k: 'close', connId }); }
  sendDatagram(to: Address, msg: Message): void { this.add({ k: 'datagram', to, msg }); }

  setTimer(name: string, delayUs: number, data?: unknown): TimerId {
    if (!(delayUs >= 0 && Number.isFinite(delayUs))) assert(false, `${this.n.id}: timer ${name} with bad delay ${delayUs}`);
    const timerId = this.w.newId() as TimerId;
    this.add(new TimerRec(timerId, name, Math.floor(delayUs), data));
    return timerId;
  }
  cancelTimer(timerId: TimerId): void { this.add({ k: 'cancel-timer', timerId }); }

  private disk(op: DiskOpKind, file: string, mutation: Mutation | null, tag: unknown): DiskOpId {
    const opId = this.w.newId() as DiskOpId;
    this.add({ k: 'disk', opId, op, file, mutation, tag });
    return opId;
  }
  append(file: string, data: unknown, tag?: unknown): DiskOpId { return this.disk('append', file, { kind: 'append', record: makeRecord(data) }, tag); }
  replace(file: string, data: readonly unknown[], tag?: unknown): DiskOpId { return this.disk('replace', file, { kind: 'replace', records: data.map(makeRecord) }, tag); }
  truncate(file: string, keepCount: number, tag?: unknown): DiskOpId { return this.disk('truncate', file, { kind: 'truncate', keepCount }, tag); }
  deleteFile(file: string, tag?: unknown): DiskOpId { return this.disk('delete', file, { kind: 'delete' }, tag); }
  fsync(file: string, tag?: unknown): DiskOpId { return this.disk('fsync', file, null, tag); }
  read(file: string, tag?: unknown): DiskOpId { return this.disk('read', file, null, tag); }

  reply(reqId: ReqId, result: unknown): void { this.add({ k: 'reply', reqId, result }); }
  bindAlias(alias: Address, node: NodeId | null): void { this.add({ k: 'bind-alias', alias, node }); }
  aliasHolder(alias: Address): NodeId | null { return this.w.net.aliases.get(alias) ?? null; }
  canConnect(to: Address): boolean {
    const target = this.w.net.resolve(to, this.w.isNode);
    return target !== null && this.w.canConnect(this.n.id, target);
  }
  log(text: string): void { this.add({ k: 'log', text }); }
  anomaly(name: string, detail: string): void { this.add({ k: 'anomaly', name, detail }); }
  exit(reason: string, restartAfterUs?: number): void {
    if (restartAfterUs !== undefined && !(restartAfterUs >= 0 && Number.isFinite(restartAfterUs))) assert(false, `${this.n.id}: exit with bad restart delay ${restartAfterUs}`);
    this.add({ k: 'exit', reason, restartAfterUs: restartAfterUs === undefined ? null : Math.floor(restartAfterUs) });
  }
}
