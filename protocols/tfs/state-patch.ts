// `patched` for tfs's state kinds, each through a clone of its own (see sim/copy-on-write.ts patched): one spread site
// per kind sees one hidden class (nameserver states keep one: ns.ts ABSENT_OPTIONALS), so V8 copies by map.
import { patched } from '../../sim/index.ts';
import type { AgentState, ClientState, DsState, MasterOplog, NsState } from './state.ts';

const copyNs = (s: NsState): NsState => ({ ...s });
const copyDs = (s: DsState): DsState => ({ ...s });
const copyClient = (s: ClientState): ClientState => ({ ...s });
const copyAgent = (s: AgentState): AgentState => ({ ...s });
const copyOplog = (o: MasterOplog): MasterOplog => ({ ...o });

export const patchedNs = (s: NsState, p: Partial<NsState>): NsState => patched(s, p, copyNs);
export const patchedDs = (s: DsState, p: Partial<DsState>): DsState => patched(s, p, copyDs);
export const patchedClient = (s: ClientState, p: Partial<ClientState>): ClientState => patched(s, p, copyClient);
export const patchedAgent = (s: AgentState, p: Partial<AgentState>): AgentState => patched(s, p, copyAgent);
export const patchedOplog = (o: MasterOplog, p: Partial<MasterOplog>): MasterOplog => patched(o, p, copyOplog);
