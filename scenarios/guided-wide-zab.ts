// zab's wide option space for guided mutants (guided-wide.ts): ranges a real ZooKeeper operator may set, beyond the
// BUGGIFY ranges of faultBudget.perturb, which a plain seed never draws. Each range says why it is a real deployment;
// options that are simulation pacing (electionSendGapUs) or not ZooKeeper (syncConfirmsLeadership) are left out, and so
// are the testing-only ones the perturb ranges already draw (forceSnapSync, initialZxidCounter). Every value lies within
// ZAB_OPTION_DOCS's min/max, so a mutant's failure file passes `checkOptions` (test/scenarios/guided-wide.test.ts).
import { ms, seconds, type PerturbRange } from '../sim/index.ts';
import type { WideOptionSpace } from './guided-wide.ts';

const ZAB_WIDE_RANGES: Readonly<Record<string, PerturbRange>> = {
  // server.N lines: 3 is zoo_sample's, 5 the Administrator's Guide's usual production size; 4 is legal (quorum 3) and
  // runs in the wild after a failed machine was added back. The fault budget's down nodes stay the 3-server budget's.
  serverCount: { oneOf: [3, 4, 5] },
  // peerType=observer on any one server, or two of a five-server ensemble (read scaling across data centres).
  observerIds: { oneOf: [[], ['n1'], ['n2'], ['n3'], ['n4'], ['n5'], ['n4', 'n5']] },
  // tickTime: 500 ms to 3 s (low-latency ensembles to WAN ones; ZooKeeper takes any positive tickTime).
  tickTimeUs: { oneOf: [ms(500), ms(1000), ms(2000), ms(3000)] },
  // initLimit/syncLimit in ticks: the Guide's examples use 5-10 and 2-5; large data trees raise initLimit.
  initLimitTicks: { min: 2, max: 20 },
  syncLimitTicks: { min: 1, max: 10 },
  // minNotificationInterval / maxNotificationInterval (zookeeper.fastleader.*): JVM system properties.
  finalizeWaitUs: { oneOf: [ms(50), ms(200), ms(1000)] },
  maxNotificationIntervalUs: { oneOf: [seconds(2), seconds(10), seconds(60)] },
  // zookeeper.cnxTimeout (default 5 s; operators shorten it for fast elections, lengthen it on slow links).
  cnxTimeoutUs: { oneOf: [seconds(1), seconds(5), seconds(30)] },
  // Learner connect retries: zookeeper.learner.* tuning; 3.4/3.5 slept 1 s between attempts.
  learnerConnectAttempts: { min: 1, max: 10 },
  learnerConnectRetryUs: { oneOf: [ms(100), ms(1000)] },
  // zookeeper.commitLogCount (below 500 stands for a longer run, as in ZAB_PERTURB) and snapshotSizeFactor.
  commitLogCount: { min: 1, max: 100 },
  snapshotSizeFactor: { oneOf: [0, 0.1, 0.33, 1, 5] },
  // Rolling starts of one or two servers, later than the perturb range's 1-3 s.
  lateStartIds: { oneOf: [['n1'], ['n2'], ['n3'], ['n4'], ['n5'], ['n1', 'n2'], ['n2', 'n3']] },
  lateStartUs: { min: ms(500), max: seconds(8) },
  // Supervisor restart delay: none (0: stays down until the heal), daemontools' 1 s, a slow systemd RestartSec.
  supervisorRestartUs: { oneOf: [0, ms(100), seconds(1), seconds(10)] },
  // A port scanner or misdirected health check on one or two machines, early or late in the fault phase.
  portScannerIds: { oneOf: [[], ['n1'], ['n2'], ['n1', 'n2']] },
  portScanAtUs: { min: 0, max: seconds(10) },
};

const sid = (id: unknown): number => Number(String(id).slice(1));

/**
 * A drawn configuration made consistent: server lists name only servers that exist, at least a quorum-capable set of
 * voters stays (two, as the perturb ranges' three servers with an observer), and not every server starts late.
 */
function fitZab(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const n = o['serverCount'] as number;
  const within = (ids: unknown): string[] => (ids as string[]).filter((id) => sid(id) <= n);
  // Two voters at least (the perturb ranges' smallest: three servers, n3 an observer).
  let observers = within(o['observerIds']);
  if (n - observers.length < 2) observers = observers.slice(0, Math.max(0, n - 2));
  const late = within(o['lateStartIds']);
  return {
    ...o, observerIds: observers, lateStartIds: late.length >= n ? late.slice(0, 1) : late, portScannerIds: within(o['portScannerIds']),
  };
}

export const ZAB_WIDE: WideOptionSpace = { ranges: ZAB_WIDE_RANGES, fit: fitZab };

/**
 * 'xl': the same, with seven-server ensembles too (the Administrator's Guide's size for tolerating two failures; a run
 * costs about twice a three-server one) and observers or late starts on n6/n7. The fault budget's down nodes stay those
 * of three servers, so the larger ensembles see the same number of simultaneous crashes.
 */
export const ZAB_WIDE_XL: WideOptionSpace = {
  ranges: {
    ...ZAB_WIDE_RANGES,
    serverCount: { oneOf: [3, 4, 5, 7] },
    observerIds: { oneOf: [[], ['n1'], ['n2'], ['n3'], ['n4'], ['n5'], ['n4', 'n5'], ['n6', 'n7'], ['n7']] },
    lateStartIds: { oneOf: [['n1'], ['n2'], ['n3'], ['n4'], ['n5'], ['n1', 'n2'], ['n2', 'n3'], ['n6'], ['n6', 'n7']] },
  },
  fit: fitZab,
};
