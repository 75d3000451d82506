// Leaving a role: close its connections, forget its timers (by generation) and drop unanswered clients.
import type { D, Env } from './env.ts';
import { clearKeys } from './env.ts';
import { learnerConns } from './learner-conns.ts';

export function leaveRole(d: D, env: Env, why: string): void {
  const r = d.role;
  if (r.type === 'leader') {
    for (const conn of learnerConns(r)) env.ctx.close(conn as never);
    env.ctx.log(`leader of epoch ${r.epoch} shuts down: ${why}`);
  } else if (r.type === 'learner' && r.connId !== null) {
    env.ctx.close(r.connId);
  }
  d.role = { type: 'none' };
  d.gen += 1;
  // Clients whose requests were in flight learn nothing (their outcome is unknown), as with a dropped session.
  clearKeys(d, 'pendingClients', true);
}
