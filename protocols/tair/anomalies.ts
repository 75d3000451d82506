// Every design-permitted anomaly the Tair nodes (ctx.anomaly) can count, with one line each; the anomaly probes
// (probes.ts) declare their own. The kernel refuses a run that counts a name not listed, and a scenario's `expect`
// naming an unknown anomaly is bad input (a typo must not read as "the hazard never happened").
export const TAIR_ANOMALIES: Readonly<Record<string, string>> = {
  'client-version-regression': 'a client takes a table older than one it had (the slave configserver overwrote its header with a lower version)',
  'cs-version-regression': "a configserver's table version goes down (the slave overwrites its header)",
  'ds-version-regression': 'a dataserver takes a lower table version (group.conf not fsynced: isTableFsynced false)',
  'cs-takes-colliding-table': "a configserver replaces its table with a different one at the same version (two lineages reached one version)",
  'dataserver-solitary-until-touched': 'with accept strategy 0 (the default) a dataserver declared DOWN stays out until an operator touches group.conf',
  'dual-master': "both configservers act as master (Tair's dual master under a partition), reported when they meet",
  'dual-master-at-startup': 'both configservers start as master before either hears the other',
  'dual-master-at-startup-own-build': "the kept start-up dual master built a table; cs0 discards it and pushes only when its own table changes",
  'dual-master-heal-build': "a configserver, master until it hears cs0, built on cs0's pushed table and keeps the result as slave",
  'slave-ahead-by-solitary-bump': "the slave configserver bumped its version for a returning solitary dataserver: ahead of the master until its next push",
};
