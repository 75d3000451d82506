// `replisim list [--json]`: registered protocols, their bug flags, their permitted anomalies (the names a scenario may
// expect), and the scripted scenarios with descriptions.
import { registeredProtocols } from '../registry.ts';
import type { ProtocolModule } from '../../sim/index.ts';
import { listScenarioNames, loadScenario } from '../load.ts';
import { EXIT } from '../scenario.ts';
import { boolFlag, parseFlags } from './args.ts';
import { InputError } from '../errors.ts';
import { escapeControl, out } from './output.ts';

export function listCommand(argv: readonly string[]): number {
  const p = parseFlags('list', argv, { json: { type: 'boolean' } }, 0);
  if (boolFlag(p, 'help')) return out('usage: replisim list [--json]'), EXIT.pass;
  const names = listScenarioNames();
  const data = registeredProtocols().map((proto) => ({
    name: proto.name,
    description: proto.description,
    bugs: proto.bugs.map((b) => ({ id: b.id, description: b.description, breaks: b.breaks })),
    anomalies: anomalyList(proto),
    scenarios: names.filter((n) => n.startsWith(`${proto.name}/`)).map((n) => {
      // A broken scenario file is listed with its error rather than hiding every other one.
      try {
        const s = loadScenario(n);
        return { name: n, description: s.description, bugs: s.bugs };
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        return { name: n, description: `INVALID: ${e.message}`, bugs: [] };
      }
    }),
  }));
  if (boolFlag(p, 'json')) {
    out(JSON.stringify({ protocols: data }, null, 2));
    return EXIT.pass;
  }
  if (data.length === 0) out('no protocols registered');
  for (const proto of data) {
    out(`${proto.name} — ${proto.description}`);
    out('  bug flags:');
    if (proto.bugs.length === 0) out('    (none)');
    for (const b of proto.bugs) out(`    ${b.id.padEnd(36)} ${b.description} (breaks ${b.breaks})`);
    out('  permitted anomalies:');
    if (proto.anomalies.length === 0) out('    (none declared)');
    for (const a of proto.anomalies) out(`    ${a.name.padEnd(36)} ${a.description}`);
    out('  scenarios:');
    if (proto.scenarios.length === 0) out('    (none)');
    for (const s of proto.scenarios) out(`    ${escapeControl(s.name).padEnd(36)} ${escapeControl(s.description)}${s.bugs.length > 0 ? ` [${s.bugs.join(',')}]` : ''}`);
    out();
  }
  return EXIT.pass;
}

/** Declared anomalies, then the anomaly probes' (a probe named by string takes its probe's description), sorted. */
function anomalyList(p: ProtocolModule): { name: string; description: string }[] {
  const list = Object.entries(p.anomalies ?? {}).map(([name, description]) => ({ name, description }));
  for (const a of p.anomalyProbes ?? []) {
    if (typeof a === 'string') list.push({ name: a, description: p.probes?.[a]?.description ?? '' });
    else list.push({ name: a.name, description: a.description });
  }
  return list.sort((a, b) => a.name.localeCompare(b.name));
}
