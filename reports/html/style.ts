// The HTML report's stylesheet (inlined; system fonts only, nothing fetched).
export const STYLE_CSS = String.raw`
:root { --bg:#fbfbfa; --fg:#1d1f21; --dim:#6b7075; --line:#d5d8dc; --lane:#9aa3ad; --msg:#2f6fb3; --drop:#c62828; --bad:#c62828; --ok:#2e7d32; --sel:#fff3c4; }
* { box-sizing: border-box; }
html, body { margin:0; height:100%; background:var(--bg); color:var(--fg); font:13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
body { display:flex; flex-direction:column; }
header { padding:8px 14px 6px; border-bottom:1px solid var(--line); }
header h1 { font-size:16px; margin:0 0 4px; display:flex; gap:10px; align-items:center; flex-wrap:wrap; }
header h1 .title { flex:1; min-width:0; display:-webkit-box; -webkit-line-clamp:2; -webkit-box-orient:vertical; overflow:hidden; }
.badge { flex:none; padding:2px 8px; border-radius:4px; color:#fff; font-size:12px; letter-spacing:.04em; }
.badge.pass { background:var(--ok); } .badge.violation { background:var(--bad); } .badge.liveness { background:#b26a00; } .badge.crash { background:#7b1fa2; }
.meta { color:var(--dim); } .meta b { color:var(--fg); font-weight:600; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size:12px; }
.replay code { background:#eef1f4; padding:1px 5px; border-radius:3px; user-select:all; }
.notes { margin:4px 0 0; padding:4px 8px; background:#fff4d6; border:1px solid #f0d68a; border-radius:4px; }
.violation-line { color:var(--bad); font-weight:600; }
.lin.ok { color:var(--ok); } .lin.illegal { color:var(--bad); font-weight:600; } .lin.unknown { color:#b26a00; }
#toolbar { display:flex; gap:14px; flex-wrap:wrap; align-items:center; padding:5px 14px; border-bottom:1px solid var(--line); background:#f3f4f5; }
#toolbar label { margin-right:8px; white-space:nowrap; } #toolbar small { color:var(--dim); }
.legend span { margin-right:10px; white-space:nowrap; } .sw { display:inline-block; width:12px; height:10px; vertical-align:middle; margin-right:3px; border:1px solid #0002; }
main { flex:1; display:flex; min-height:0; }
#diagram-wrap { flex:1; display:flex; flex-direction:column; min-width:0; }
#lane-head-wrap { overflow:hidden; height:30px; border-bottom:1px solid var(--line); background:#fff; position:relative; }
#lane-head { position:relative; height:30px; }
.lane-name { position:absolute; top:0; text-align:center; font-weight:600; padding-top:6px; }
.lane-name small { color:var(--dim); font-weight:400; margin-left:4px; } .text-head { text-align:left; color:var(--dim); font-weight:400; }
#scroll { flex:1; overflow:auto; position:relative; background:#fff; }
#spacer { position:relative; }
#diagram { position:absolute; left:0; top:0; overflow:hidden; }
.lane { stroke:var(--lane); stroke-width:1.5; }
.hit { fill:transparent; cursor:pointer; } .hit:hover { fill:#0000000a; }
.selected-band { fill:#ffe57f66; stroke:#e0a800; stroke-width:1.5; } .violation-band { fill:#fde0e0; }
.time { fill:var(--dim); font-size:11px; font-family:ui-monospace, monospace; } .time.same { fill:#c3c7cb; }
.evno { fill:var(--dim); font-size:10px; text-anchor:end; font-family:ui-monospace, monospace; }
.desc { font-size:12px; fill:#30353a; font-family:ui-monospace, monospace; pointer-events:all; cursor:pointer; white-space:pre; }
.desc.k-fault { fill:#8e24aa; font-weight:600; } .desc.k-drop { fill:var(--drop); } .desc.k-phase { fill:#00695c; font-weight:600; }
.ev { fill:#607d8b; stroke:#fff; stroke-width:1.5; cursor:pointer; }
.ev.k-message { fill:var(--msg); } .ev.k-timer { fill:#f9a825; } .ev.k-disk-done { fill:#6d4c41; } .ev.k-client, .ev.k-reply { fill:var(--ok); }
.ev.k-fault { fill:#8e24aa; } .ev.k-boot { fill:#00897b; } .ev.k-drop { fill:var(--drop); } .ev.bad { fill:var(--bad); r:7; stroke:#000; }
.arrow { stroke:var(--msg); stroke-width:1.3; opacity:.85; } .arrow.drop { stroke:var(--drop); stroke-dasharray:5 3; } .arrow.stub { stroke-dasharray:2 2; }
.head { fill:var(--msg); } .xmark { stroke:var(--drop); stroke-width:2.2; fill:none; }
.span { opacity:.6; } .span-partitioned.side-0 { fill:#e53935; } .span-partitioned.side-1 { fill:#1e88e5; } .span-partitioned.side-2 { fill:#43a047; } .span-partitioned.side-3 { fill:#fb8c00; }
.role-band { opacity:.4; } .role-key { margin-left:8px; } .span-down { fill:#9e9e9e; } .span-paused { fill:#ffe082; } .span-partitioned { fill:#e57373; opacity:.8; } .span-clogged { fill:#9575cd; opacity:.75; } .span-slow-disk { fill:#a1887f; opacity:.75; }
.op { stroke-width:4; stroke:var(--ok); stroke-linecap:round; opacity:.8; } .op-unknown { stroke:#9e9e9e; stroke-dasharray:4 3; } .op-pending { stroke:#bdbdbd; } .op-bad { stroke:var(--bad); stroke-width:6; opacity:1; }
#panel { width:440px; max-width:45vw; overflow:auto; border-left:1px solid var(--line); padding:8px 12px; background:#fcfcfc; }
#panel h2 { font-size:15px; margin:4px 0 8px; } #panel h2 small { color:var(--dim); font-weight:400; }
.label { color:var(--dim); text-transform:uppercase; font-size:10px; letter-spacing:.06em; margin:10px 0 3px; }
.cause { background:#eef4fb; border:1px solid #cfe0f3; border-radius:4px; padding:5px 7px; word-break:break-word; }
.cause .label { margin-top:0; }
.recs { margin:0; padding-left:18px; font-family:ui-monospace, monospace; font-size:11.5px; word-break:break-word; }
.node-state { border:1px solid var(--line); border-radius:4px; margin:5px 0; background:#fff; }
.node-state summary { cursor:pointer; padding:3px 7px; font-weight:600; } .node-state.focus { border-color:var(--msg); box-shadow:0 0 0 1px var(--msg); }
.node-state pre { margin:0; padding:5px 8px; max-height:340px; overflow:auto; border-top:1px solid var(--line); }
.down { color:#fff; background:#757575; border-radius:3px; padding:0 5px; font-weight:400; font-size:11px; }
.chg { color:#fff; background:var(--msg); border-radius:3px; padding:0 5px; font-weight:400; font-size:11px; }
.note { background:#fff4d6; border:1px solid #f0d68a; padding:4px 6px; border-radius:4px; margin:6px 0; }
.violation-note { background:#fde0e0; border:1px solid #f3a5a5; padding:4px 6px; border-radius:4px; margin:6px 0; color:#8b1c1c; font-weight:600; white-space:pre-wrap; }
.dim { color:var(--dim); }
button { font:inherit; padding:2px 8px; } input[type=number] { width:120px; font:inherit; }
`;
