// The HTML report's browser script, first half (plain JS, inlined): loading, the virtualised space-time diagram with
// spans, role bands, ops and arrows. It opens start(P); client-panel.ts continues inside it (time travel, controls) and
// closes it. Kept free of backticks and dollar-brace so it can live in a raw string; rendering only touches the visible rows.
export const CLIENT_JS = String.raw`
(function () {
'use strict';
performance.mark('replisim-script');
replisimLoad(document.getElementById('replisim-data').textContent).then(start, function (e) { document.body.setAttribute('data-error', String(e)); throw e; });
function start(P) {
performance.mark('replisim-data');
var ROW_H = 20, GUTTER = 140, OVERSCAN = 25, TEXT_W = 560, DESC_CHARS = 110;
var nodes = P.nodes, N = nodes.length, rowsN = P.re.length, recsN = P.cr.length, S = P.strs;
var $ = function (id) { return document.getElementById(id); };
var esc = function (s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); };
function fmtUs(us) {
  if (us < 0) return '-' + fmtUs(-us);
  if (us >= 1000000) return (us / 1000000).toFixed(6).replace(/0+$/, '').replace(/\.$/, '') + 's';
  if (us >= 1000) return (us / 1000).toFixed(3).replace(/0+$/, '').replace(/\.$/, '') + 'ms';
  return us + 'us';
}
var SPAN_BANDS = { down: [0, 1], paused: [0, 1], partitioned: [0, 0.14], clogged: [0.16, 0.26], 'slow-disk': [0.86, 1] };
var KIND_MESSAGE = S.indexOf('message'), KIND_DROP = S.indexOf('drop');

// Records grouped by row.
var rowFirst = new Int32Array(rowsN).fill(-1), rowCnt = new Int32Array(rowsN);
for (var i = 0; i < recsN; i++) { var r0 = P.cr[i]; if (rowFirst[r0] < 0) rowFirst[r0] = i; rowCnt[r0]++; }
// Message records in row order; those whose arrow spans more than LONG_ROWS rows are also kept apart, so a redraw
// scans only the messages received near the drawn rows plus the long ones.
var LONG_ROWS = 400, msgRecs = [], longMsgs = [];
for (i = 0; i < recsN; i++) if (P.ck[i] === KIND_MESSAGE || P.ck[i] === KIND_DROP) { msgRecs.push(i); if (P.cs[i] >= 0 && P.cr[i] - P.cs[i] > LONG_ROWS) longMsgs.push(i); }
msgRecs = Int32Array.from(msgRecs);

// Filters.
var shownNode = nodes.map(function () { return true; });
var hiddenType = {};
var vis = new Int32Array(0), posOf = new Int32Array(rowsN), posAtOrAfter = new Int32Array(rowsN + 1);
var laneX = new Float64Array(N), laneW = 160, shownN = N, textX = 0, spanPos = [], opPos = [], bandPos = [];
var SIDES = 'ABCDEFGH';
// The first row at or after an event (rows may be sampled), for role bands given in events.
function rowAtOrAfterEvent(e) { var lo = 0, hi = rowsN; while (lo < hi) { var m = (lo + hi) >> 1; if (P.re[m] < e) lo = m + 1; else hi = m; } return lo; }
var selected = -1;

function rowVisible(r) {
  var n = P.rn[r];
  if (n >= 0 && !shownNode[n]) return false;
  var f = rowFirst[r];
  if (f >= 0 && P.cm[f] >= 0 && hiddenType[P.cm[f]]) return false;
  return true;
}
function lowerBoundTime(t) { var lo = 0, hi = vis.length; while (lo < hi) { var m = (lo + hi) >> 1; if (P.rt[vis[m]] < t) lo = m + 1; else hi = m; } return lo; }
// isQuiet: lay out without drawing (the opening draws once, when the texts in view are inflated).
function refilter(isQuiet) {
  var list = new Int32Array(rowsN), cnt = 0, isAll = shownNode.every(Boolean) && !Object.keys(hiddenType).some(function (k) { return hiddenType[k]; });
  for (var r = 0; r < rowsN; r++) { if (isAll || rowVisible(r)) { posOf[r] = cnt; list[cnt++] = r; } else posOf[r] = -1; }
  vis = list.subarray(0, cnt);
  var p = vis.length;
  posAtOrAfter[rowsN] = p;
  for (r = rowsN - 1; r >= 0; r--) { if (posOf[r] >= 0) p = posOf[r]; posAtOrAfter[r] = p; }
  shownN = 0;
  var avail = Math.max(400, $('scroll').clientWidth - GUTTER - TEXT_W);
  var count = shownNode.filter(Boolean).length || 1;
  laneW = Math.max(90, Math.min(220, Math.floor(avail / count)));
  for (var n = 0; n < N; n++) { if (shownNode[n]) { laneX[n] = GUTTER + (shownN + 0.5) * laneW; shownN++; } else laneX[n] = -1; }
  textX = GUTTER + shownN * laneW + 14;
  spanPos = P.spans.map(function (s) { return [lowerBoundTime(s[2]), lowerBoundTime(s[3] + 1) - 1]; });
  bandPos = P.roleBands.map(function (b) { return [posAtOrAfter[rowAtOrAfterEvent(b[2])], posAtOrAfter[rowAtOrAfterEvent(b[3] + 1)] - 1]; });
  opPos = P.ops.map(function (o) { return [o[3] >= 0 ? posAtOrAfter[o[3]] : -1, o[4] >= 0 ? posAtOrAfter[o[4]] : vis.length - 1]; });
  // Room below the last row, so the run's last event (usually the violation) can scroll to the top third.
  $('spacer').style.height = (vis.length * ROW_H + Math.floor($('scroll').clientHeight / 2)) + 'px';
  $('spacer').style.width = (textX + TEXT_W) + 'px';
  var head = '';
  for (n = 0; n < N; n++) if (shownNode[n]) head += '<div class="lane-name" style="left:' + (laneX[n] - laneW / 2) + 'px;width:' + laneW + 'px">' + esc(nodes[n]) + '<small>' + esc(P.kinds[n] || '') + '</small></div>';
  head += '<div class="lane-name text-head" style="left:' + textX + 'px">event</div>';
  $('lane-head').innerHTML = head;
  $('lane-head').style.width = (textX + TEXT_W) + 'px';
  $('shown-count').textContent = vis.length + ' of ' + rowsN + ' rows shown';
  if (!isQuiet) render();
}

// Set by describe when a record's text page is not inflated yet: render then asks for it and draws again.
var textMissing = false;
function describe(rec) {
  var k = S[P.ck[rec]], who = P.cn[rec] >= 0 ? nodes[P.cn[rec]] : 'world';
  var from = P.cf[rec] >= 0 ? ' from ' + nodes[P.cf[rec]] : '';
  var d = P.cd(rec);
  if (d === null) textMissing = true;
  return k + ' ' + who + from + ': ' + (d === null ? '…' : d);
}

function render() {
  var sc = $('scroll');
  var first = Math.max(0, Math.floor(sc.scrollTop / ROW_H) - OVERSCAN);
  var last = Math.min(vis.length - 1, Math.ceil((sc.scrollTop + sc.clientHeight) / ROW_H) + OVERSCAN);
  var top = first * ROW_H, h = Math.max(0, (last - first + 1) * ROW_H);
  var svg = $('diagram');
  svg.style.top = top + 'px';
  svg.setAttribute('height', h);
  svg.setAttribute('width', textX + TEXT_W);
  var y = function (pos) { return (pos - first) * ROW_H + ROW_H / 2; };
  var out = [];
  textMissing = false;
  // Spans (down, paused, partitioned, ...) behind everything.
  for (var s = 0; s < P.spans.length; s++) {
    var sp = P.spans[s], pp = spanPos[s], n = sp[0];
    if (laneX[n] < 0 || pp[1] < first || pp[0] > last || pp[1] < pp[0]) continue;
    var y0 = (Math.max(pp[0], first) - first) * ROW_H, y1 = (Math.min(pp[1], last) - first + 1) * ROW_H;
    // Down and paused fill the lane; network and disk troubles are stripes at its edges, so overlaps stay readable.
    var band = SPAN_BANDS[sp[1]] || [0, 1], left = laneX[n] - laneW / 2 + 3, width = laneW - 6;
    var side = sp[5] >= 0 ? ' side-' + sp[5] : '', sideText = sp[5] >= 0 ? ' (side ' + SIDES.charAt(sp[5]) + ')' : '';
    out.push('<rect class="span span-' + sp[1] + side + '" data-node="' + esc(nodes[n]) + '"' + (sp[5] >= 0 ? ' data-side="' + SIDES.charAt(sp[5]) + '"' : '') + ' x="' + (left + band[0] * width) + '" y="' + y0 + '" width="' + (band[1] - band[0]) * width + '" height="' + (y1 - y0) + '"><title>' + esc(sp[1] + sideText + ': ' + sp[4]) + '</title></rect>');
  }
  // Role bands: a wide translucent bar under each lane line, one colour per role (leader, follower, looking, ...).
  for (var b = 0; b < P.roleBands.length; b++) {
    var rb = P.roleBands[b], bp = bandPos[b], bn = rb[0];
    if (laneX[bn] < 0 || bp[1] < first || bp[0] > last || bp[1] < bp[0]) continue;
    var by0 = (Math.max(bp[0], first) - first) * ROW_H, by1 = (Math.min(bp[1], last) - first + 1) * ROW_H, role = P.roleNames[rb[1]];
    out.push('<rect class="role-band" data-node="' + esc(nodes[bn]) + '" data-role="' + esc(role) + '" data-from="' + rb[2] + '" data-to="' + rb[3] + '" fill="' + P.roleColours[rb[1]] + '" x="' + (laneX[bn] - 5) + '" y="' + by0 + '" width="10" height="' + (by1 - by0) + '"><title>' + esc(nodes[bn] + ': ' + role + ' from event #' + rb[2] + ' to #' + rb[3]) + '</title></rect>');
  }
  if (P.violationRow >= 0 && posOf[P.violationRow] >= first && posOf[P.violationRow] <= last) {
    out.push('<rect class="violation-band" x="0" y="' + (posOf[P.violationRow] - first) * ROW_H + '" width="' + (textX + TEXT_W) + '" height="' + ROW_H + '"></rect>');
  }
  if (selected >= 0 && posOf[selected] >= first && posOf[selected] <= last) {
    out.push('<rect class="selected-band" x="0" y="' + (posOf[selected] - first) * ROW_H + '" width="' + (textX + TEXT_W) + '" height="' + ROW_H + '"></rect>');
  }
  for (n = 0; n < N; n++) if (laneX[n] >= 0) out.push('<line class="lane" data-node="' + esc(nodes[n]) + '" x1="' + laneX[n] + '" x2="' + laneX[n] + '" y1="0" y2="' + h + '"></line>');
  // Client operations and the linearizability verdict over them.
  for (var o = 0; o < P.ops.length; o++) {
    var op = P.ops[o], opp = opPos[o];
    if (op[2] < 0 || laneX[op[2]] < 0 || opp[0] < 0 || opp[1] < first || opp[0] > last) continue;
    var ox = laneX[op[2]] + 9 + (op[1] % 4) * 5;
    var cls = 'op op-' + op[5] + (op[6] ? ' op-bad' : '');
    out.push('<line class="' + cls + '" data-op="' + op[0] + '" x1="' + ox + '" x2="' + ox + '" y1="' + (y(opp[0]) - 6) + '" y2="' + (y(opp[1]) + 6) + '"><title>' + esc('op #' + op[0] + ' client ' + op[1] + ': ' + op[7] + (op[6] ? ' (not linearizable)' : '')) + '</title></line>');
  }
  // Message arrows crossing the visible rows.
  var row0 = vis.length > 0 ? vis[first] : 0, row1 = vis.length > 0 ? vis[last] + LONG_ROWS : -1, lo = 0, hi = msgRecs.length;
  while (lo < hi) { var mi = (lo + hi) >> 1; if (P.cr[msgRecs[mi]] < row0) lo = mi + 1; else hi = mi; }
  var near = [];
  for (var m = lo; m < msgRecs.length && P.cr[msgRecs[m]] <= row1; m++) if (P.cs[msgRecs[m]] < 0 || P.cr[msgRecs[m]] - P.cs[msgRecs[m]] <= LONG_ROWS) near.push(msgRecs[m]);
  var cands = near.concat(longMsgs);
  for (m = 0; m < cands.length; m++) {
    var rec = cands[m], rr = P.cr[rec], to = P.cn[rec], from = P.cf[rec];
    var rp = posOf[rr];
    if (rp < 0 || to < 0 || from < 0 || laneX[to] < 0 || laneX[from] < 0) continue;
    // A hidden type hides its arrows even on a row that stays visible for another record (a fault fired by the message).
    if (P.cm[rec] >= 0 && hiddenType[P.cm[rec]]) continue;
    var sp0 = P.cs[rec] >= 0 ? posAtOrAfter[P.cs[rec]] : -1;
    var a = sp0 >= 0 ? Math.min(sp0, rp) : rp - 1;
    if (a > last || rp < first) continue;
    var isDrop = P.ck[rec] === KIND_DROP, ty = S[P.cm[rec]] || '';
    var x1 = laneX[from], x2 = laneX[to], ya = sp0 >= 0 ? y(sp0) : y(rp) - ROW_H * 0.9, yb = y(rp);
    if (from === to) x1 -= 12;
    out.push('<line class="arrow' + (isDrop ? ' drop' : '') + (sp0 < 0 ? ' stub' : '') + '" data-msg="' + esc(ty) + '" data-row="' + rr + '" x1="' + x1 + '" y1="' + ya + '" x2="' + x2 + '" y2="' + yb + '" marker-end="url(#' + (isDrop ? 'x' : 'head') + ')"><title>' + esc((isDrop ? 'DROPPED ' : '') + ty + ' ' + nodes[from] + ' → ' + nodes[to]) + '</title></line>');
  }
  // Rows: hit area, time, dot, text.
  for (var p = first; p <= last; p++) {
    var r = vis[p], yy = (p - first) * ROW_H, nn = P.rn[r], f = rowFirst[r];
    var kind = f >= 0 ? S[P.ck[f]] : '';
    var sameTime = p > 0 && P.rt[vis[p - 1]] === P.rt[r];
    out.push('<rect class="hit" data-row="' + r + '" x="0" y="' + yy + '" width="' + (textX + TEXT_W) + '" height="' + ROW_H + '"></rect>');
    out.push('<text class="time' + (sameTime ? ' same' : '') + '" x="4" y="' + (yy + 14) + '">' + fmtUs(P.rt[r]) + '</text><text class="evno" x="' + (GUTTER - 8) + '" y="' + (yy + 14) + '">#' + P.re[r] + '</text>');
    var cx = nn >= 0 && laneX[nn] >= 0 ? laneX[nn] : GUTTER + 6;
    out.push('<circle class="ev k-' + kind + (r === P.violationRow ? ' bad' : '') + '" data-row="' + r + '" data-event="' + P.re[r] + '" data-node="' + (nn >= 0 ? esc(nodes[nn]) : '') + '" cx="' + cx + '" cy="' + (yy + ROW_H / 2) + '" r="5"></circle>');
    var d = f >= 0 ? describe(f) : '';
    if (rowCnt[r] > 1) d += '  (+' + (rowCnt[r] - 1) + ')';
    out.push('<text class="desc k-' + kind + '" data-row="' + r + '" x="' + textX + '" y="' + (yy + 14) + '">' + esc(d.length > DESC_CHARS ? d.slice(0, DESC_CHARS - 1) + '…' : d) + '</text>');
  }
  svg.innerHTML = '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="head"></path></marker>' +
    '<marker id="x" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="9" markerHeight="9"><path d="M1,1L9,9M9,1L1,9" class="xmark"></path></marker></defs>' + out.join('');
  svg.setAttribute('data-first-row', first);
  svg.setAttribute('data-last-row', last);
  drawn = [first, last];
  if (textMissing && last >= first) {
    var r0 = rowFirst[vis[first]], r1 = rowFirst[vis[last]] + rowCnt[vis[last]];
    P.needText(Math.max(0, r0), Math.max(0, r1)).then(function () { if (drawn[0] === first && drawn[1] === last) render(); });
  }
}
// Scrolling within the overscan margin needs no redraw.
var drawn = [0, -1];
function renderIfUncovered() {
  var sc = $('scroll');
  var need0 = Math.floor(sc.scrollTop / ROW_H), need1 = Math.min(vis.length - 1, Math.ceil((sc.scrollTop + sc.clientHeight) / ROW_H));
  if (need0 < drawn[0] || need1 > drawn[1]) render();
}
`;
