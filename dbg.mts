import { runFuzzSeed } from './scenarios/fuzz-run.ts';
import { registerProtocol } from './test/support/register.ts';
for (const faults of ['timed', 'aimed'] as const) {
  const hits: number[] = [];
  for (let s = 1; s <= 60; s++) { const r = runFuzzSeed({ protocol: registerProtocol, seed: s, bugs: ['register/ack-before-fsync'], faults }); if (r.verdict !== 'pass') hits.push(s); }
  console.log(faults, hits.join(' '));
}
