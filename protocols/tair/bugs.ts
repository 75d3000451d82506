// Injectable bugs (sources-and-bugs.md §1.7): historical fixes and design mutations, each naming what catches it.
import type { BugFlag } from '../../sim/index.ts';

export const tairBugs: readonly BugFlag[] = [
  {
    id: 'tair/peer-up-no-version-bump',
    description: 'inc_version(server_up_inc_step) dropped when the peer comes up: after a dual-master heal equal versions name different tables and dataservers that followed cs1 never refetch',
    breaks: 'no-version-collision-after-peer-up',
  },
  {
    id: 'tair/cs0-demotes',
    description: 'the index-0 rule flipped to list[1]: cs0 demotes when cs1 comes up and cs1 never re-evaluates mastership',
    breaks: 'one-master',
  },
  {
    id: 'tair/no-connect-probe',
    description: 'the is_alive connect probe is skipped: conf heartbeats delayed 8 s with the link up cause a spurious failover',
    breaks: 'no-failover-while-reachable',
  },
  {
    id: 'tair/version-only-reply',
    description: 'git 19d180f: find_group_host answers a client asking with the current version with the version only, no table; the client fails every op until the next version change',
    breaks: 'clients-converged',
  },
  {
    id: 'tair/frozen-clock',
    description: 'git 65518a3: clock_gettime inside an assert compiled out under NDEBUG; heartbeat_curr_time never moves, so no dataserver (or peer) is ever declared DOWN',
    breaks: 'dead-dataserver-detected',
  },
  {
    id: 'tair/builder-no-relaxation',
    description: 'git 3f7d0a9: a shadowed loop index passes the wrong level to is_this_node_OK, constraints are never relaxed and a rack-aware rebuild gives up ("I am give up")',
    breaks: 'table-well-formed',
  },
  {
    id: 'tair/builder-ignores-copy-count',
    description: 'design mutation: the builder places one copy per bucket whatever copy_count says',
    breaks: 'table-well-formed',
  },
  {
    id: 'tair/ds-down-without-probe',
    description: 'design mutation: a dataserver with stale heartbeats is marked DOWN without checking the connection (flapping under slow links)',
    breaks: 'no-ds-down-while-reachable',
  },
  {
    id: 'tair/slave-builds-tables',
    description: 'design mutation: the slave does not stop after updating dataserver statuses and builds tables of its own',
    breaks: 'slave-follows-master',
  },
];
