// Injectable bugs (sources-and-bugs.md §2.7), each naming the invariant that catches it.
import type { BugFlag } from '../../sim/index.ts';

export const BUG_SKIP_100 = 'tfs/r3393-block-id-skip-100';
export const BUG_RETRY_CONSUMED = 'tfs/aa007862-retry-consumed-message';
export const BUG_NO_ALIVE_CHECK = 'tfs/create-by-id-no-alive-check';
export const BUG_NO_CRC_CHECK = 'tfs/no-crc-check';
export const BUG_OLD_MASTER_SERVES = 'tfs/old-master-keeps-serving';
export const BUG_NO_LEASE_SAFE_TIME = 'tfs/r2791-no-lease-safe-time';
export const BUG_LEASE_EXPIRY_IGNORED = 'tfs/lease-expiry-ignored';

export const TFS_BUGS: readonly BugFlag[] = [
  {
    id: BUG_SKIP_100,
    description: 'pre-2015 block-id skip of 100 on start-up / role switch and no Tair mirror of the max id: a new master re-issues ids the old one allocated but never shipped',
    breaks: 'block-ids-unique',
  },
  {
    id: BUG_NO_LEASE_SAFE_TIME,
    description: 'before r2791 (47e8de9f) a new master grants block write leases at once, not knowing the leases the old master granted (memory only): a second DS gets a block another DS still holds',
    breaks: 'block-lease-exclusive',
  },
  {
    id: BUG_LEASE_EXPIRY_IGNORED,
    description: 'a dataserver ignores its block lease expiry (LeaseManager::has_valid_lease): it keeps the lease and takes writes after the safe time, while the master may already hand the block to another dataserver',
    breaks: 'writes-under-lease',
  },
  {
    id: BUG_RETRY_CONSUMED,
    description: 'libeasy port: a re-sent OpLogSyncMessage is the already-consumed packet (garbled body), and the sender counts the retry as delivered',
    breaks: 'acked-records-applied',
  },
  {
    id: BUG_NO_ALIVE_CHECK,
    description: 'generation() without get_alive_block_id_\'s existence check (the latent layout_manager.cpp:1116 path): a client created block X by id ahead of the factory, and a later allocation hands out X again',
    breaks: 'block-ids-unique',
  },
  {
    id: BUG_NO_CRC_CHECK,
    description: 'replay_helper skips the CRC check and applies a corrupted record',
    breaks: 'no-bad-crc-applied',
  },
  {
    id: BUG_OLD_MASTER_SERVES,
    description: 'check_ runs only the slave->master branch of ns_role_establish_: a master whose VIP left it never steps down and keeps answering keepalives, shipping oplog and issuing tasks without the VIP',
    breaks: 'master-only-with-vip',
  },
];
