// Worker thread for the determinism test: runs the given seeds of the register protocol and posts their trace hashes.
import { parentPort, workerData } from 'node:worker_threads';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { registerProtocol } from './register.ts';

const { seeds } = workerData as { seeds: number[] };
parentPort!.postMessage(seeds.map((seed) => runFuzzSeed({ protocol: registerProtocol, seed }).traceHash));
