// The HTML report's node-state replay (plain JS, inlined before the main script): every node's state at any event.
// Mirrors reports/state-diff.ts applyOps and reports/state-at.ts; a chunk (snapshot + diffs) is inflated only when an
// event in it is shown, and a few stay decoded. Kept free of backticks and dollar-brace.
export const CLIENT_STATES_JS = String.raw`
function replisimStates(P) {
  'use strict';
  // Node states at an event: replay the chunk holding it from its base, caching the position for forward steps.
  var chunks = P.states.chunks, nodes = P.nodes, cache = null;
  function clone(x) { return x === null || typeof x !== 'object' ? x : JSON.parse(JSON.stringify(x)); }
  function applyOps(root, ops) {
    for (var i = 0; i < ops.length; i++) {
      var op = ops[i], path = op[1];
      if (path.length === 0) { root = op[0] === 's' ? clone(op[2]) : (root || []).slice(0, op[2]).concat(clone(op[3])); continue; }
      var parent = root;
      for (var j = 0; j < path.length - 1; j++) {
        if (parent[path[j]] === null || typeof parent[path[j]] !== 'object') parent[path[j]] = typeof path[j + 1] === 'number' ? [] : {};
        parent = parent[path[j]];
      }
      var last = path[path.length - 1];
      if (op[0] === 's') parent[last] = clone(op[2]);
      else if (op[0] === 'd') delete parent[last];
      else { var arr = Array.isArray(parent[last]) ? parent[last] : []; arr.length = Math.min(arr.length, op[2]); for (var k = 0; k < op[3].length; k++) arr.push(clone(op[3][k])); parent[last] = arr; }
    }
    return root;
  }
  var decoded = {}, decodedOrder = [], DECODED_MAX = 6;
  // The chunk's JSON ({ base, diffs }), inflated once and kept while it is among the last few used.
  function chunkData(ci) {
    if (decoded[ci] === undefined) {
      decoded[ci] = replisimInflateText(chunks[ci].z).then(function (t) {
        // Events are stored as steps from the previous diff's (reports/html/state-chunks.ts).
        var data = JSON.parse(t), ev = chunks[ci].firstEvent;
        for (var k = 0; k < data.diffs.length; k++) { ev += data.diffs[k][0]; data.diffs[k][0] = ev; }
        return data;
      });
      decodedOrder.push(ci);
      if (decodedOrder.length > DECODED_MAX) delete decoded[decodedOrder.shift()];
    }
    return decoded[ci];
  }
  function chunkIndex(ev) {
    var lo = 0, hi = chunks.length - 1, ci = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (chunks[mid].firstEvent <= ev) { ci = mid; lo = mid + 1; } else hi = mid - 1; }
    return ci;
  }
  // A promise of { st: states per node, changed: {node index: true} } right after event ev.
  function statesAt(ev) {
    var ci = chunkIndex(ev);
    if (ci < 0) return Promise.resolve({ st: nodes.map(function () { return null; }), changed: {} });
    return chunkData(ci).then(function (data) {
      if (cache === null || cache.ci !== ci || cache.ev > ev) cache = { ci: ci, di: 0, ev: -1, st: clone(data.base) };
      var diffs = data.diffs;
      while (cache.di < diffs.length && diffs[cache.di][0] <= ev) { var d = diffs[cache.di]; cache.st[d[1]] = applyOps(cache.st[d[1]], d[2]); cache.di++; }
      cache.ev = ev;
      var changed = {};
      for (var j = cache.di - 1; j >= 0 && diffs[j][0] === ev; j--) changed[diffs[j][1]] = true;
      // A copy: another click may replay the cursor before this one is drawn.
      return { st: clone(cache.st), changed: changed };
    });
  }
  function inGap(ev) { return P.states.gaps.some(function (g) { return g.fromEvent <= ev && ev <= g.toEvent; }); }
  function rolesAt(ev) { var out = null; for (var i = 0; i < P.roles.length && P.roles[i].event <= ev; i++) out = P.roles[i].roles; return out; }
  return { statesAt: statesAt, inGap: inGap, rolesAt: rolesAt };
}
`;
