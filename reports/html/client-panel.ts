// The HTML report's browser script, second half (plain JS, inlined right after client.ts, inside its start(P)):
// time travel (the panel with the cause and every node's state), filters, keys, and the ready signal.
export const CLIENT_PANEL_JS = String.raw`
var chunks = P.states.chunks, replay = replisimStates(P), statesAt = replay.statesAt, inGap = replay.inGap, rolesAt = replay.rolesAt;
var selectNo = 0;

// Shows event r in the panel; the promise settles once every node's state is drawn (its chunk may need inflating).
function select(r) {
  if (r < 0 || r >= rowsN) return Promise.resolve();
  var no = ++selectNo, f0 = rowFirst[r];
  selected = r;
  render();
  // The record texts and the state chunk inflate side by side.
  var states = chunks.length > 0 ? statesAt(P.re[r]) : Promise.resolve(null);
  return Promise.all([states, P.needText(Math.max(0, f0), f0 >= 0 ? f0 + rowCnt[r] : 0)]).then(function (got) { if (no === selectNo) return showEvent(r, no, got[0]); });
}
function showEvent(r, no, at) {
  var ev = P.re[r], n = P.rn[r], html = [];
  html.push('<h2>Event #' + ev + ' <small>at ' + fmtUs(P.rt[r]) + (n >= 0 ? ' on ' + esc(nodes[n]) : '') + '</small></h2>');
  if (r === P.violationRow) html.push('<div class="violation-note">' + esc(P.meta.violationText || 'violation') + '</div>');
  var f = rowFirst[r];
  if (f >= 0) {
    var cause = '<b>' + esc(S[P.ck[f]]) + '</b> ' + esc(P.cd(f));
    if (P.cf[f] >= 0 && P.ct[f] >= 0) cause += '<br><span class="dim">sent by ' + esc(nodes[P.cf[f]]) + ' at ' + fmtUs(P.ct[f]) + (P.cs[f] >= 0 ? ' (<a href="#" data-goto="' + P.cs[f] + '">event #' + P.re[P.cs[f]] + '</a>)' : '') + '</span>';
    html.push('<div class="cause" id="cause"><div class="label">caused by</div>' + cause + '</div>');
  }
  if (rowCnt[r] > 1) {
    var lis = '';
    for (var k = f + 1; k < f + rowCnt[r]; k++) lis += '<li>' + esc(describe(k)) + '</li>';
    html.push('<div class="label">also in this event</div><ul class="recs">' + lis + '</ul>');
  }
  var roles = rolesAt(ev);
  if (roles) html.push('<div class="label">roles</div><div class="roles">' + Object.keys(roles).sort().map(function (k) { return esc(k) + ': ' + esc(roles[k].join(', ') || '—'); }).join(' · ') + '</div>');
  if (at === null) html.push('<div class="note">node states were not recorded for this report</div>');
  else {
    if (inGap(ev)) html.push('<div class="note">states of this event were left out to keep the file small; showing the nearest earlier recorded states</div>');
    html.push('<div class="label">every node’s state after this event</div>');
    for (var i = 0; i < N; i++) {
      var st = at.st[i], isOpen = i === n || N <= 4;
      html.push('<details class="node-state' + (i === n ? ' focus' : '') + '" data-node="' + esc(nodes[i]) + '"' + (isOpen ? ' open' : '') + '><summary>' + esc(nodes[i]) + (st === null ? ' <span class="down">down</span>' : '') + (at.changed[i] ? ' <span class="chg">changed here</span>' : '') + '</summary><pre class="state">' + esc(JSON.stringify(st, null, 2)) + '</pre></details>');
    }
  }
  show(html, ev);
}
function show(html, ev) {
  $('panel').innerHTML = html.join('');
  $('panel').removeAttribute('data-loading');
  $('panel').setAttribute('data-event', ev);
}
function scrollToRow(r) {
  var p = posOf[r];
  if (p < 0) return;
  var sc = $('scroll');
  if (p * ROW_H < sc.scrollTop || (p + 1) * ROW_H > sc.scrollTop + sc.clientHeight) sc.scrollTop = Math.max(0, p * ROW_H - sc.clientHeight / 3);
}

// Controls.
function buildFilters() {
  var h = '';
  for (var n = 0; n < N; n++) h += '<label><input type="checkbox" data-node-filter="' + n + '" checked> ' + esc(nodes[n]) + '</label>';
  $('node-filters').innerHTML = h;
  var counts = {};
  for (var m = 0; m < msgRecs.length; m++) { var t = P.cm[msgRecs[m]]; if (t >= 0) counts[t] = (counts[t] || 0) + 1; }
  var types = Object.keys(counts).map(Number).sort(function (a, b) { return S[a] < S[b] ? -1 : S[a] > S[b] ? 1 : 0; });
  $('type-filters').innerHTML = types.map(function (t) { return '<label><input type="checkbox" data-type-filter="' + t + '" checked> ' + esc(S[t]) + ' <small>' + counts[t] + '</small></label>'; }).join('') || '<span class="dim">no messages</span>';
}
document.addEventListener('change', function (e) {
  var t = e.target;
  if (t.hasAttribute('data-node-filter')) { shownNode[Number(t.getAttribute('data-node-filter'))] = t.checked; refilter(); }
  if (t.hasAttribute('data-type-filter')) { hiddenType[Number(t.getAttribute('data-type-filter'))] = !t.checked; refilter(); }
});
$('diagram').addEventListener('click', function (e) {
  var el = e.target.closest('[data-row]');
  if (el) select(Number(el.getAttribute('data-row')));
});
$('panel').addEventListener('click', function (e) {
  var a = e.target.closest('[data-goto]');
  if (!a) return;
  e.preventDefault();
  var r = Number(a.getAttribute('data-goto'));
  select(r); scrollToRow(r);
});
$('goto-violation').addEventListener('click', function () { if (P.violationRow >= 0) { select(P.violationRow); scrollToRow(P.violationRow); } });
$('goto-event').addEventListener('change', function (e) {
  var want = Number(e.target.value), lo = 0, hi = rowsN - 1, best = -1;
  while (lo <= hi) { var mid = (lo + hi) >> 1; if (P.re[mid] <= want) { best = mid; lo = mid + 1; } else hi = mid - 1; }
  if (best >= 0) { select(best); scrollToRow(best); }
});
document.addEventListener('keydown', function (e) {
  if (e.target && e.target.tagName === 'INPUT') return;
  var step = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
  if (step === 0 || selected < 0) return;
  var p = posOf[selected] + step;
  if (p >= 0 && p < vis.length) { e.preventDefault(); select(vis[p]); scrollToRow(vis[p]); }
});
var pending = false;
$('scroll').addEventListener('scroll', function () {
  $('lane-head').style.transform = 'translateX(' + (-$('scroll').scrollLeft) + 'px)';
  if (pending) return;
  pending = true;
  requestAnimationFrame(function () { pending = false; renderIfUncovered(); });
});
window.addEventListener('resize', function () { refilter(); });

buildFilters();
if (P.violationRow < 0) $('goto-violation').style.display = 'none';
refilter(true);
$('role-legend').innerHTML = P.roleNames.map(function (name, i) { return '<span class="role-key" data-role="' + esc(name) + '"><i class="sw" style="background:' + P.roleColours[i] + '"></i>' + esc(name) + '</span>'; }).join('');
window.replisim = { select: select, scrollToRow: scrollToRow, render: render, statesAt: statesAt, rows: rowsN, payload: P };
if (P.violationRow >= 0) scrollToRow(P.violationRow);
// Opening: the texts of the rows in view and the violation's state chunk inflate side by side, then one draw.
var sc0 = $('scroll'), p0 = Math.max(0, Math.floor(sc0.scrollTop / ROW_H) - OVERSCAN), p1 = Math.min(vis.length - 1, Math.ceil((sc0.scrollTop + sc0.clientHeight) / ROW_H) + OVERSCAN);
Promise.all([
  p1 >= p0 ? P.needText(rowFirst[vis[p0]], rowFirst[vis[p1]] + rowCnt[vis[p1]]) : null,
  P.violationRow >= 0 && chunks.length > 0 ? statesAt(P.re[P.violationRow]) : null,
]).then(function () {
  performance.mark('replisim-drawn');
  return P.violationRow >= 0 ? select(P.violationRow) : render();
}).then(function () { performance.mark('replisim-ready'); document.body.setAttribute('data-ready', '1'); });
}
})();
`;
