// The reports' public surface: renderers of a recorded run (terminal, JSON, JUnit XML, HTML) and the atomic writer.
export { renderSummary, type SummaryOptions } from './summary.ts';
export { colorLevel, shouldColor, paintFor, escapeControl } from './colour.ts';
export { renderJson, buildJsonReport, JSON_REPORT_SCHEMA, JSON_REPORT_VERSION, type JsonReport, type JsonReportOptions } from './json.ts';
export { renderJunit, xmlEscape, type JunitCase, type JunitOptions } from './junit.ts';
export { renderHtml, type HtmlOptions } from './html/page.ts';
export type { PayloadLimits } from './html/payload.ts';
export { campaignCoverageLines, markJunitCases, runMarksLine, neverReached, type CampaignCoverage, type MarkTally } from './marks.ts';
export { writeReportAtomic } from './write-atomic.ts';
export { runFacts, formatUs, type RunFacts, type NodeSummary } from './facts.ts';
export { diffState, applyOps, toJsonSafe } from './state-diff.ts';
export { statesAt, type StatesAt } from './state-at.ts';
export { spansOf, type Span, type SpanKind } from './html/intervals.ts';
export { RECORDING_VERSION, LEADER_ROLES, isRecording, resultOf } from './recording.ts';
export type { RunRecording, StateChunk, StateDiff, StateGap, StateLog, DiffOp, RoleChange, NodeCounters, FirstLeader } from './recording.ts';
