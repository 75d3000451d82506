// renderHtml: one self-contained HTML file (inline data, script and style; nothing fetched) within a byte budget.
import type { RunResult } from '../../sim/index.ts';
import type { RunRecording } from '../recording.ts';
import { resultOf } from '../recording.ts';
import { formatUs, violationCause } from '../facts.ts';
import { buildPayload, type PayloadLimits } from './payload.ts';
import { embedPayload } from './embed.ts';
import { CLIENT_DATA_JS } from './client-data.ts';
import { CLIENT_JS } from './client.ts';
import { CLIENT_PANEL_JS } from './client-panel.ts';
import { CLIENT_STATES_JS } from './client-states.ts';
import { STYLE_CSS } from './style.ts';

export interface HtmlOptions {
  readonly replayCommand?: string;
  readonly title?: string;
  /** The file must not exceed this many bytes (default 19,000,000: under the 20 MB promise). */
  readonly bytesMax?: number;
  /** Starting limits; halved step by step until the file fits (defaults: 400,000 rows, 2,000 detail chars, 12 MB of compressed states). */
  readonly limits?: Partial<PayloadLimits>;
}

const DEFAULT_LIMITS: PayloadLimits = { rowsMax: 400_000, detailCharsMax: 2_000, stateBytesMax: 12_000_000 };
const DEFAULT_BYTES_MAX = 19_000_000;
/** Rounds of shrinking before giving up and writing what we have (with a note saying so). */
const FIT_ROUNDS_MAX = 12;
const DETAIL_CHARS_MIN = 40;
const ROWS_MIN = 1_000;

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON safe inside a <script> element and pure ASCII (so its length is its size in bytes). */
export function embedJson(x: unknown): string {
  return JSON.stringify(x).replace(/[<>&\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function header(r: RunResult, o: HtmlOptions, notes: readonly string[]): string {
  const v = r.violation;
  const lin = r.linearizability;
  const cause = violationCause(r);
  const title = o.title ?? `${r.protocol} · seed ${r.seed}`;
  return `<header>
<h1><span class="badge ${r.verdict}" id="verdict">${r.verdict.toUpperCase()}</span> <span class="title" title="${escapeHtml(title)}">${escapeHtml(title)}</span></h1>
<div class="meta">protocol <b>${escapeHtml(r.protocol)}</b> · seed <b>${r.seed}</b> · bugs <b>${escapeHtml(r.bugs.length === 0 ? 'none' : r.bugs.join(', '))}</b> · ${r.events} events · ${formatUs(r.virtualDurationUs)} virtual · trace hash <code>${r.traceHash}</code></div>
${v !== null ? `<div class="violation-line" id="violation">${escapeHtml(`${v.name}${v.eventIndex >= 0 ? ` at event #${v.eventIndex}` : ''} (${formatUs(v.atUs)}): ${v.message.split('\n')[0]}`)}${cause !== null ? ` <span class="dim">— ${escapeHtml(cause)}</span>` : ''}</div>` : ''}
${lin !== null ? `<div class="lin ${lin.verdict}" id="linearizability">linearizability: ${lin.verdict}${lin.verdict === 'ok' ? ` (${r.history.length} client operations)` : ` — ${escapeHtml(lin.explanation.split('\n')[0] ?? '')}`}${lin.unplaceable.length > 0 ? ' · unplaceable operations are drawn red' : ''}</div>` : ''}
${o.replayCommand !== undefined ? `<div class="replay">replay: <code>${escapeHtml(o.replayCommand)}</code></div>` : ''}
${notes.length > 0 ? `<div class="notes" id="notes">${notes.map((n) => `<div>${escapeHtml(n)}</div>`).join('')}</div>` : ''}
</header>`;
}

const TOOLBAR = `<div id="toolbar">
<div><b>Nodes</b> <span id="node-filters"></span></div>
<div><b>Messages</b> <span id="type-filters"></span></div>
<div><button id="goto-violation" type="button">go to violation</button> <input id="goto-event" type="number" min="0" placeholder="go to event #"> <span id="shown-count" class="dim"></span></div>
<div class="legend dim"><span><i class="sw" style="background:#9e9e9e"></i>down</span><span><i class="sw" style="background:#ffe082"></i>paused</span><span>partition sides (left stripe): <i class="sw" style="background:#e53935"></i>A <i class="sw" style="background:#1e88e5"></i>B <i class="sw" style="background:#43a047"></i>C</span><span><i class="sw" style="background:#9575cd"></i>clogged</span><span><i class="sw" style="background:#a1887f"></i>slow disk (right stripe)</span><span style="color:#c62828">- - ✕ dropped</span><span>▮ client op (red: not linearizable)</span><span id="role-legend"></span></div>
</div>`;

function page(r: RunResult, o: HtmlOptions, notes: readonly string[], data: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>replisim · ${escapeHtml(r.protocol)} seed ${r.seed} · ${r.verdict}</title>
<style>${STYLE_CSS}</style></head>
<body>
${header(r, o, notes)}
${TOOLBAR}
<main><section id="diagram-wrap"><div id="lane-head-wrap"><div id="lane-head"></div></div><div id="scroll"><div id="spacer"><svg id="diagram" xmlns="http://www.w3.org/2000/svg"></svg></div></div></section>
<aside id="panel"><p class="dim">Click an event (a dot or its row) to see every node's state at that moment and what caused it. Arrow keys step through events.</p></aside></main>
<script type="application/json" id="replisim-data">${data}</script>
<script>${CLIENT_DATA_JS}${CLIENT_STATES_JS}${CLIENT_JS}${CLIENT_PANEL_JS}</script>
</body></html>
`;
}

/** The HTML report of a recorded run (a bare RunResult works too, without time travel over states). */
export function renderHtml(x: RunResult | RunRecording, o: HtmlOptions = {}): string {
  const r = resultOf(x);
  const bytesMax = o.bytesMax ?? DEFAULT_BYTES_MAX;
  let lim: PayloadLimits = { ...DEFAULT_LIMITS, ...o.limits };
  const v = r.violation;
  const meta = { protocol: r.protocol, seed: r.seed, verdict: r.verdict, violationText: v === null ? null : `${v.name}: ${v.message}` };
  const shrinkNotes: string[] = [];
  let html = '';
  for (let round = 0; round < FIT_ROUNDS_MAX; round++) {
    const payload = buildPayload(x, meta, lim, shrinkNotes);
    html = page(r, o, payload.notes, embedJson(embedPayload(payload)));
    if (html.length <= bytesMax) return html;
    // Halve what the states actually take (not the limit, which may be far above them), with the details first.
    const stateBytes = Math.min(lim.stateBytesMax, payload.states.chunks.reduce((t, c) => t + c.z.length, 0));
    const next: PayloadLimits = lim.detailCharsMax > DETAIL_CHARS_MIN
      ? { ...lim, detailCharsMax: Math.max(DETAIL_CHARS_MIN, Math.floor(lim.detailCharsMax / 2)), stateBytesMax: Math.floor(stateBytes / 2) }
      : { ...lim, rowsMax: Math.max(ROWS_MIN, Math.floor(Math.min(lim.rowsMax, r.events) / 2)), stateBytesMax: Math.floor(stateBytes / 2) };
    shrinkNotes.length = 0;
    shrinkNotes.push(`shrunk to fit ${bytesMax} bytes: at most ${next.rowsMax} events drawn, record details limited to ${next.detailCharsMax} characters, states within ${next.stateBytesMax} bytes`);
    lim = next;
  }
  return html.replace('<div class="meta">', `<div class="notes">this report is over its ${bytesMax}-byte budget even after shrinking</div><div class="meta">`);
}
