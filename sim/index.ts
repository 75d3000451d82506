// The kernel's public surface: everything protocols, scenarios and reports may use from sim/.
export type {
  NodeId, ConnId, TimerId, DiskOpId, ReqId, Address, Ratio, Message, DiskRecord, DiskContents, DiskOpKind, CloseReason,
  Input, ClientOp, Ctx, Actor, NodeSpec, BugSet, NodeView, View, Phase, Invariant, LivenessPredicate, BugFlag,
  OptionDoc, ScheduledOp, SequentialModel, Workload, FaultBudget, PerturbRange, ProtocolModule, LatencyUs, NetworkOptions, DiskOptions,
  FaultKind, FaultStep, Probe, CrashMode, UnsyncedFate, CorruptRecordPick, Verdict, Violation, Mark,
  Trigger, NodeMatcher, TriggerKind, TriggerEdge, DiskTriggerOp, TriggeredFields,
} from './types.ts';
export type { RunCoverage, MarkHit } from './coverage.ts';
export type { KeyReach } from './key-reach.ts';
export { nodeId, ratio } from './types.ts';
export { assert, unreachable, AssertionError } from './assert.ts';
export { Prng, PrngStreams } from './prng.ts';
export { crc32, crcOf, canonicalJson, CRC_TABLE, stepUnit } from './crc32.ts';
export { foldText, jumpOf, jumped } from './crc-jump.ts';
export type { Jump } from './crc-jump.ts';
export { crcShapeOf, crcShapesByType, shapedCrc } from './shape-crc.ts';
export type { CrcMembers, CrcShape, CrcTable, NestedShapeOf } from './shape-crc.ts';
export { isEscaped, needsEscape } from './json-fold.ts';
export { isRecordIntact, makeRecord } from './disk.ts';
export { ms, seconds, formatUs, parseDuration, US_PER_MS, US_PER_S } from './units.ts';
export type { RunConfig, DownBudget } from './config.ts';
export { DEFAULT_NETWORK, DEFAULT_DISK, DEFAULT_LIMITS } from './config.ts';
export type { RunResult } from './result.ts';
export type { RunStats, Limits } from './world.ts';
export type { TraceRecord, TraceKind } from './trace.ts';
export type { HistoryOp } from './history.ts';
export { clientHistory, clientPlan, healedAtUs } from './history.ts';
export { historyScan } from './history-scan.ts';
export type { HistoryScan } from './history-scan.ts';
export { nodeClockUs, runOptions } from './view-reads.ts';
export { perRun, perRunNodeMap, previousInIncarnation, firstInIncarnation, memoPerNode, NodeMemory } from './run-memory.ts';
export type { NodeIncarnation } from './run-memory.ts';
export { FieldCodes } from './field-codes.ts';
export { someNodeMark, type NodeMark } from './node-marks.ts';
export type { LinearizabilityVerdict, HistoryChecker } from './checker-hook.ts';
export { TargetError } from './targets.ts';
export { runSimulation } from './run.ts';
export { setStateFreezing, isStateFreezing, isRunFreezing } from './freeze.ts';
export { beginCopies, endCopies, frozenIfRunFreezes, hasKeys, isOwned, own, ownFresh, patched, settleCopy, withKey, withoutKeys } from './copy-on-write.ts';
export { setInvariantCheckMode } from './invariant-checks.ts';
export type { InvariantCheckMode } from './invariant-checks.ts';
export { nodeInvariant } from './protocol-module.ts';
export { declaredAnomalyNames } from './anomaly-names.ts';
export type { AnomalyProbe } from './protocol-module.ts';
export { drawFaultPlan, faultPlanArbitrary, withinBudget, DEFAULT_FUZZ_KINDS } from './fuzz-plan.ts';
export type { FaultPlan } from './fuzz-plan.ts';
export { recordCatalog } from './catalog.ts';
export type { CrashPointCatalog, DiskPoint, MessagePoint, RoleEntry, CatalogRun } from './catalog.ts';
export { drawAimedSteps, AIMED_KINDS, AIMED_STEPS_MAX } from './aimed-plan.ts';
export type { AimedKind, AimedSteps } from './aimed-plan.ts';
export { drawInRange, drawPerturbedOptions } from './perturb.ts';
export { triggerKind, describeTrigger, TRIGGER_TARGET, TRIGGER_PEER_TARGET } from './trigger-types.ts';
export { stepTargets } from './triggers.ts';
