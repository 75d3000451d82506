// group.conf: the operator-edited group file on each configserver's disk; its mtime is its version.
import type { DiskContents } from '../../sim/index.ts';
import { isRecordIntact } from '../../sim/index.ts';
import type { TairOptions } from './options.ts';
import { dsIds } from './options.ts';
import type { Table } from './table.ts';

/** The settings of the one group ("group_1") the simulation runs. */
export interface GroupConf {
  readonly dataservers: readonly string[];
  readonly copyCount: number;
  readonly bucketCount: number;
  readonly serverDowntimeUs: number;
  readonly acceptStrategy: number;
  readonly preLoadFlag: number;
  readonly buildStrategy: number;
  /** _pre_load_flag's down-server list (add_down_server). */
  readonly downServers: readonly string[];
  /** Not a group.conf key: which Tair's DOWN rule this configserver runs (option isDsDownAfterTwiceDowntime), kept here so checks see it. */
  readonly isDsDownAfterTwiceDowntime: boolean;
}

/** The record written to the group.conf file: the settings and the file's mtime (its version). */
export interface GroupFile {
  readonly mtime: number;
  readonly conf: GroupConf;
}

export const GROUP_FILE = 'group.conf';
export const TABLE_FILE = 'group_1_server_table';

/** The file as the operator provisioned it before the first start (mtime 1). */
export function provisionedGroupFile(o: TairOptions): GroupFile {
  return {
    mtime: 1,
    conf: {
      dataservers: dsIds(o), copyCount: o.copyCount, bucketCount: o.bucketCount, serverDowntimeUs: o.serverDowntimeUs,
      acceptStrategy: o.acceptStrategy, preLoadFlag: o.preLoadFlag, buildStrategy: o.buildStrategy, downServers: [], isDsDownAfterTwiceDowntime: o.isDsDownAfterTwiceDowntime,
    },
  };
}

function lastIntact(disk: DiskContents, file: string): unknown {
  const recs = (disk.get(file) ?? []).filter(isRecordIntact);
  return recs[recs.length - 1]?.data;
}

/** group.conf as found on disk; a missing or torn file is provisioned again from the options. */
export function readGroupFile(disk: DiskContents, o: TairOptions): GroupFile {
  const f = lastIntact(disk, GROUP_FILE) as GroupFile | undefined;
  return f ?? provisionedGroupFile(o);
}

/** The persisted server table, or null when none survived. */
export function readTableFile(disk: DiskContents, bucketCount: number): Table | null {
  const t = lastIntact(disk, TABLE_FILE) as Table | undefined;
  return t !== undefined && t.hash.length === bucketCount ? t : null;
}
