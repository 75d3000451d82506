// The linearizability checker's public surface (Wing–Gong/Lowe search with Porcupine's memo).
export { checkOps, partitionOps } from './check.ts';
export { ILLEGAL, DEFAULT_LIMITS } from './types.ts';
export type { CheckModel, Illegal, Op, CheckLimits, CheckResult, CheckStats, IllegalDetail, OpReport, Blocked } from './types.ts';
export { formatResult, formatIllegal, formatInterval } from './explain.ts';
export type { ExplainOptions } from './explain.ts';
export { checkRunHistory, checkHistory, fromSequentialModel, opsOfHistory } from './run-history.ts';
export { registerModel, kvModel, kvNoPartitionModel, KvState, exactInt } from './models/index.ts';
export type { RegisterInput, RegisterOutput, RegisterState, RegisterValue, KvInput, KvOutput } from './models/index.ts';
export { parseEtcdLog, parseKvLog } from './parse/index.ts';
export type { ParseResult } from './parse/index.ts';
