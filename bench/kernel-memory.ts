// Child process for the memory benchmark: a 10-million-event run, then prints its peak resident memory in MB.
import { runSimulation } from '../sim/index.ts';
import { noopProtocol, durationForEvents } from './noop-protocol.ts';

const events = Number(process.argv[2] ?? 10_000_000);
const r = runSimulation({ protocol: noopProtocol, seed: 1, faultPhaseUs: durationForEvents(events, 10), options: { nodeCount: 10 }, checkInvariants: false, workload: 'none', skipLiveness: true, limits: { eventsMax: events * 2 } });
console.log(JSON.stringify({ events: r.events, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
