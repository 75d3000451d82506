// The HTML report's data loader (plain JS, inlined first): inflates the packed columns with the browser's DecompressionStream.
// Kept free of backticks and dollar-brace; nothing is requested from the network (a Blob's stream is local).
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
// The embedded JSON with its columns unpacked: P.re, P.rt, ... as typed arrays, P.cd(i) a record's detail.
function replisimLoad(raw) {
  var P = JSON.parse(raw);
  return Promise.all([replisimInflate(P.cols.z), replisimInflateText(P.txt)]).then(function (got) {
    var ints = new Int32Array(got[0]), text = got[1];
    P.cols.index.forEach(function (c) {
      var src = ints.subarray(c[1], c[1] + c[2]), out;
      if (c[3] === 'i') out = src;
      else {
        out = c[3] === 'df' ? new Float64Array(c[2]) : new Int32Array(c[2]);
        var acc = 0;
        for (var i = 0; i < c[2]; i++) { acc += src[i]; out[i] = acc; }
      }
      P[c[0]] = out;
    });
    var n = P.recs, cs = new Int32Array(n), ct = new Float64Array(n);
    for (var k = 0; k < n; k++) { cs[k] = P.csd[k] === 0 ? -1 : P.cr[k] - P.csd[k]; ct[k] = P.ctd[k] < 0 ? -1 : P.rt[P.cr[k]] - P.ctd[k]; }
    P.cs = cs; P.ct = ct;
    var off = P.cdo;
    P.cd = function (i) { return text.slice(off[i], off[i + 1]); };
    return P;
  });
}
`;
