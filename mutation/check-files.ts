// Which protocol files are checks, left out of every mutation sample (why: see the comment on isCheckFile).
/**
 * The checks themselves (invariants*.ts, *-invariant.ts, *-check.ts, invariant-records.ts, liveness*.ts, probes.ts and
 * the probe-only files *-probes.ts and probes-*.ts, sequential-model.ts): a clean campaign passes with a weakened check, so their mutants would only count as survivors;
 * only bug-flag runs could kill them. They are left out of the sample rather than judged by the wrong yardstick. A
 * protocol's sequential model (the linearizability checker's yardstick) is such a check: a laxer model rule passes
 * every clean history; its rules are pinned by unit tests instead. tfs's keepalive-refusal.ts is a mark/probe file of
 * the same kind, named by itself: its note is an observation no decision reads (the trace is the same without it) and
 * its probe and coverage mark are read by scenarios and guided campaigns, never by a clean campaign's verdict, so its
 * mutants could only survive; they are pinned by test/protocols/tfs/keepalive-refusal.test.ts and the
 * keepalive-refused-by-vip-slave scenario instead.
 */
export function isCheckFile(name: string): boolean {
  return /^invariants.*\.ts$|-invariant\.ts$|-check\.ts$|^invariant-records\.ts$|^liveness.*\.ts$|^probes\.ts$|-probes\.ts$|^probes-.*\.ts$|^sequential-model\.ts$|^keepalive-refusal\.ts$/.test(name);
}
