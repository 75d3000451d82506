// PLACEHOLDER until the linearizability checker lands (issue 4): says 'unknown' for every history.
import type { HistoryChecker } from '../checker-hook.ts';

export const checkRunHistory: HistoryChecker = () => ({ verdict: 'unknown', explanation: 'checker not built yet', unplaceable: [] });
