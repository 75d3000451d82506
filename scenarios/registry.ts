// The protocols the CLI knows: the registry of protocols/index.ts plus, only when a test asks for it, test-only protocols.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProtocolModule } from '../sim/index.ts';
import { protocols as builtIn } from '../protocols/index.ts';

/**
 * Test seam: REPLISIM_TEST_PROTOCOLS=<module path> makes the CLI (and its workers) also register the
 * `testProtocols` array that module exports. Only the e2e tests set it; it never ships a protocol.
 */
export const TEST_PROTOCOLS_ENV = 'REPLISIM_TEST_PROTOCOLS';

const extra: ProtocolModule[] = [];

export function registeredProtocols(): readonly ProtocolModule[] {
  return [...builtIn, ...extra];
}

export function findProtocol(name: string): ProtocolModule | undefined {
  return registeredProtocols().find((p) => p.name === name);
}

/** Add protocols for the current process (tests only). */
export function addTestProtocols(ps: readonly ProtocolModule[]): void {
  for (const p of ps) if (findProtocol(p.name) === undefined) extra.push(p);
}

/** Honour the test seam; a no-op unless the environment variable is set. */
export async function loadTestProtocolsFromEnv(): Promise<void> {
  const spec = process.env[TEST_PROTOCOLS_ENV];
  if (spec === undefined || spec === '') return;
  const mod = (await import(pathToFileURL(resolve(spec)).href)) as { testProtocols?: readonly ProtocolModule[] };
  addTestProtocols(mod.testProtocols ?? []);
}
