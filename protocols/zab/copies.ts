// Shape-specific copies for the fields handlers copy most (ownField's `copy`, counted over 30 fuzz seeds: learners,
// the cnx maps, history, recvset, acks, ...). One module-level function per field: V8 keeps feedback per spread or
// slice site, so a site that sees one field's records stays fast, while the generic copy in sim/copy-on-write.ts sees
// every field's shape and goes megamorphic. A spread copies every own enumerable field in order and `slice` keeps an
// array an array, exactly what the generic copy does, so settleCopy and every trace see the same values.
import type { Cnx, Election, LeaderRole, LearnerRole, ZabNode } from './state.ts';

export const copyHistory = (h: ZabNode['history']): ZabNode['history'] => h.slice();
export const copySyncBranches = (b: ZabNode['syncBranches']): ZabNode['syncBranches'] => b.slice();
export const copyCurrentVote = (v: ZabNode['currentVote']): ZabNode['currentVote'] => ({ ...v });
export const copyPendingClients = (r: ZabNode['pendingClients']): ZabNode['pendingClients'] => ({ ...r });

export const copyConns = (r: Cnx['conns']): Cnx['conns'] => ({ ...r });
export const copyDialing = (r: Cnx['dialing']): Cnx['dialing'] => ({ ...r });
export const copyQueued = (r: Cnx['queued']): Cnx['queued'] => ({ ...r });
export const copyLastSent = (r: Cnx['lastSent']): Cnx['lastSent'] => ({ ...r });
export const copyBusy = (r: Cnx['busy']): Cnx['busy'] => ({ ...r });
export const copyUnknown = (r: Cnx['unknown']): Cnx['unknown'] => ({ ...r });

export const copyRecvset = (r: Election['recvset']): Election['recvset'] => ({ ...r });
export const copyOutofelection = (r: Election['outofelection']): Election['outofelection'] => ({ ...r });

export const copyLearners = (r: LeaderRole['learners']): LeaderRole['learners'] => ({ ...r });
export const copyAcks = (r: LeaderRole['acks']): LeaderRole['acks'] => ({ ...r });
export const copyLeaderSyncs = (a: LeaderRole['pendingSyncs']): LeaderRole['pendingSyncs'] => a.slice();
export const copyAckers = (a: LeaderRole['epochAckers']): LeaderRole['epochAckers'] => a.slice();
export const copyNewLeaderAckers = (a: LeaderRole['newLeaderAckers']): LeaderRole['newLeaderAckers'] => a.slice();

export const copyLearnerSyncs = (r: LearnerRole['pendingSyncs']): LearnerRole['pendingSyncs'] => ({ ...r });
