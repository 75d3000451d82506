// The protocol registry: the only file that imports several protocols. Add one line per protocol.
import type { ProtocolModule } from '../sim/index.ts';
import { paxosstoreProtocol } from './paxosstore/index.ts';
import { zabProtocol } from './zab/index.ts';
import { tairProtocol } from './tair/index.ts';
import { tfsProtocol } from './tfs/index.ts';

export const protocols: readonly ProtocolModule[] = [
  paxosstoreProtocol,
  zabProtocol,
  tairProtocol,
  tfsProtocol,
];

export function findProtocol(name: string): ProtocolModule | undefined {
  return protocols.find((p) => p.name === name);
}
