// The HTML report's data loader (plain JS, inlined first): views the packed columns, inflates text pages on demand.
// Uses the browser's own DecompressionStream; nothing is requested from the network (a Blob's stream is local).
// Kept free of backticks and dollar-brace.
export const CLIENT_DATA_JS = String.raw`
function replisimBytes(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
  var bin = atob(b64), n = bin.length, out = new Uint8Array(n);
  for (var i = 0; i < n; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function replisimInflate(b64) {
  return new Response(new Blob([replisimBytes(b64)]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
}
function replisimInflateText(b64) { return replisimInflate(b64).then(function (buf) { return new TextDecoder().decode(buf); }); }
// Columns are little-endian ints of 1, 2 or 4 bytes, 4-byte aligned (reports/html/encode.ts packColumns): views, plus
// running sums for the delta-coded ones.
function replisimColumns(P, buf) {
  P.cols.index.forEach(function (c) {
    var at = c[1], n = c[2], w = c[3], coding = c[4];
    var src = w === 1 ? new Int8Array(buf, at, n) : w === 2 ? new Int16Array(buf, at, n) : new Int32Array(buf, at, n);
    if (coding === 'i') { P[c[0]] = src; return; }
    var out = coding === 'df' ? new Float64Array(n) : new Int32Array(n), acc = 0;
    for (var i = 0; i < n; i++) { acc += src[i]; out[i] = acc; }
    P[c[0]] = out;
  });
}
// The embedded JSON with its columns unpacked: P.re, P.rt, ... typed arrays; P.cd(i) a record's detail (null until its
// text page is inflated: P.needText(from, to) returns a promise of the pages for records from..to-1).
function replisimLoad(raw) {
  var P = JSON.parse(raw);
  performance.mark('replisim-parsed');
  return replisimInflate(P.cols.z).then(function (buf) {
    performance.mark('replisim-inflated');
    replisimColumns(P, buf);
    performance.mark('replisim-columns');
    var n = P.recs, cs = new Int32Array(n), ct = new Float64Array(n);
    for (var k = 0; k < n; k++) { cs[k] = P.csd[k] === 0 ? -1 : P.cr[k] - P.csd[k]; ct[k] = P.ctd[k] < 0 ? -1 : P.ctd[k] === 0 ? P.rt[cs[k]] : P.rt[P.cr[k]] - P.ctd[k] + 1; }
    P.cs = cs; P.ct = ct;
    var PAGE = P.txt.page, pages = [], loading = [], off = new Int32Array(n + 1);
    // Offsets restart at each page: a page's text is its strings joined.
    for (k = 0; k < n; k++) off[k + 1] = (k + 1) % PAGE === 0 ? 0 : off[k] + P.cdl[k];
    P.cd = function (i) {
      var t = pages[Math.floor(i / PAGE)];
      if (t === undefined) return null;
      var start = i % PAGE === 0 ? 0 : off[i];
      return t.slice(start, start + P.cdl[i]);
    };
    P.needText = function (from, to) {
      var want = [];
      for (var p = Math.floor(from / PAGE); p <= Math.floor(Math.max(from, to - 1) / PAGE) && p < P.txt.pages.length; p++) {
        if (pages[p] !== undefined) continue;
        if (loading[p] === undefined) loading[p] = (function (pp) { return replisimInflateText(P.txt.pages[pp]).then(function (t) { pages[pp] = t; }); })(p);
        want.push(loading[p]);
      }
      return Promise.all(want);
    };
    return P;
  });
}
`;
