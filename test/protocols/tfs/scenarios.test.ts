// Every tfs scenario file meets its expectations; every bug scenario's clean control run passes. The real-day periodic
// report scenario idles a day of virtual time: it runs in real-day-report.long.test.ts (npm run test:long).
import { scenarioSuite } from '../../support/scenario-suite.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';

scenarioSuite(tfsProtocol, [
  'master-crash', 'master-crash-loss-window', 'master-paused', 'partition-agent-with-master', 'partition-agent-with-slave',
  'corrupt-oplog-in-transit', 'corrupt-oplog-on-slave-disk', 'slave-restart-login-renew', 'failover-storm',
  'regress-1500493-report-relieves-lost-blocks', 'regress-1501859-restarted-ds-reports-again',
  'regress-1523039-periodic-report-lists-lost-copy',
], ['real-timers-periodic-report-day']);
