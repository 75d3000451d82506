// Tair messages (sources-and-bugs.md §1.3), all carried on TCP connections.
import type { TableView, Table } from './table.ts';
import type { GroupConf } from './group-conf.ts';

export type TairMsg =
  /** TAIR_REQ_CONFHB_PACKET: configserver → peer, every loop (every 30th loop to a DOWN peer); no reply. */
  | { readonly type: 'conf-heartbeat'; readonly loopCount: number }
  /** TAIR_REQ_SETMASTER_PACKET: a starting configserver asks its peer "are you master?" (value 1). */
  | { readonly type: 'set-master'; readonly value: number }
  | { readonly type: 'set-master-reply'; readonly isSuccess: boolean }
  /** TAIR_REQ_GET_SVRTAB_PACKET: fetch group.conf ('conf') or the group's server table ('data'). */
  | { readonly type: 'get-server-table'; readonly what: 'conf' | 'data' }
  /** TAIR_RESP_GET_SVRTAB_PACKET: the answer, also pushed unsolicited master → slave. */
  | { readonly type: 'server-table'; readonly what: 'conf' | 'data'; readonly isPush: boolean; readonly conf: GroupConf | null; readonly mtime: number; readonly table: Table | null }
  /** TAIR_REQ_HEARTBEAT_PACKET: dataserver → both configservers, every second. */
  | { readonly type: 'ds-heartbeat'; readonly configVersion: number; readonly transitionVersion: number; readonly isReady: boolean }
  /** TAIR_RESP_HEARTBEAT_PACKET: server version, the down peer configserver, the table (client and transition versions in it) when versions differ. */
  | { readonly type: 'ds-heartbeat-reply'; readonly version: number; readonly clientVersion: number; readonly transitionVersion: number; readonly downSlaveConfigServer: string | null; readonly table: TableView | null }
  /** TAIR_REQ_MIG_FINISH_PACKET: the source dataserver finished moving a bucket for this table version. */
  | { readonly type: 'mig-finish'; readonly bucket: number; readonly version: number }
  /** TAIR_REQ_GET_GROUP_PACKET: a client asks for the table, sending the version it believes current. */
  | { readonly type: 'get-group'; readonly configVersion: number }
  | { readonly type: 'get-group-reply'; readonly version: number; readonly table: TableView | null }
  /** Client → primary dataserver. */
  | { readonly type: 'kv-put'; readonly req: number; readonly key: string; readonly value: string }
  | { readonly type: 'kv-get'; readonly req: number; readonly key: string }
  | { readonly type: 'kv-reply'; readonly req: number; readonly isOk: boolean; readonly value: string | null; readonly version: number }
  /** Primary → other copies (asynchronous duplication, as Tair's default). */
  | { readonly type: 'dup'; readonly bucket: number; readonly key: string; readonly value: string }
  /** Migration: the source pushes a bucket's data to a new copy, which acknowledges it. */
  | { readonly type: 'migrate-push'; readonly bucket: number; readonly version: number; readonly entries: readonly (readonly [string, string])[] }
  | { readonly type: 'migrate-ack'; readonly bucket: number; readonly version: number };

const TYPES = new Set([
  'conf-heartbeat', 'set-master', 'set-master-reply', 'get-server-table', 'server-table', 'ds-heartbeat', 'ds-heartbeat-reply',
  'mig-finish', 'get-group', 'get-group-reply', 'kv-put', 'kv-get', 'kv-reply', 'dup', 'migrate-push', 'migrate-ack',
]);

export const isTairMessage = (x: unknown): x is TairMsg =>
  typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string' && TYPES.has((x as { type: string }).type);
