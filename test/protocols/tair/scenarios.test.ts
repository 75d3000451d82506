// Every tair scenario file meets its expectations; every bug scenario's clean control run passes.
import { scenarioSuite } from '../../support/scenario-suite.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';

scenarioSuite(tairProtocol, ['master-crash-return', 'slave-crash-return', 'cs-partition', 'ds-crash', 'flapping-dataserver', 'operator-edits-group-conf', 'cs-restart-during-migration']);
