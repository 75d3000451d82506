// Peak resident memory of a 10-million-event kernel run, measured in a fresh child process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function benchMemory(events = 10_000_000): string[] {
  const script = fileURLToPath(new URL('./kernel-memory.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, String(events)], { encoding: 'utf8' });
  const { events: n, maxRssMb } = JSON.parse(out.trim().split('\n').at(-1)!) as { events: number; maxRssMb: number };
  return [`${n.toLocaleString('en-US')}-event run: peak resident memory ${maxRssMb} MB (target < 300 MB: ${maxRssMb < 300 ? 'met' : 'NOT met'})`];
}
