// Every paxosstore scenario file meets its expectations; every bug scenario's clean control run passes.
import { scenarioSuite } from '../../support/scenario-suite.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';

scenarioSuite(paxosstoreProtocol, [
  'lagging-catchup', 'gc-forces-recovery', 'recovery-source-crashes', 'read-races-write', 'slow-plog-waiting', 'majority-crash-restart',
  'read-runs-paxos', 'catchup-byte-budget', 'catchup-queue-full', 'recovery-throttled', 'recovery-aborts', 'lagging-until-traffic',
  'real-defaults-two-days', 'recovery-source-behind', 'regress-801177-db-stalled', 'regress-800013-value-id-reuse',
  'regress-886244-damaged-db-amnesia', 'regress-91-tentative-chosen-power-cut', 'regress-1040412-amnesiac-sources', 'crash-mid-recovery-pages', 'recovery-source-behind-restart',
  'crash-between-flag-and-clear', 'plog-group-commit', 'pre-auth', 'write-reject-lease', 'getall-rsp-queue-full', 'regress-1403446-chosen-entry-lost',
  'regress-1442369-chosen-entry-lost-cleared', 'regress-1442764-stalled-source', 'regress-1600669-chosen-entry-lost-fenced',
  'regress-1702601-amnesia-crash-before-fence', 'regress-1741621-notfound-keeps-max-chosen', 'regress-2061372-stalled-source-own-vote',
  'regress-2064170-stalled-source-stalled-node', 'regress-2092746-stalled-source-stalled-node',
  'regress-3850523-fenced-and-stalled',
]);
