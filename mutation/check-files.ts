// Which protocol files are checks, left out of every mutation sample (why: see the comment on isCheckFile).
/**
 * The checks themselves (invariants*.ts, *-invariant.ts, *-check.ts, invariant-records.ts, liveness*.ts, probes.ts,
 * sequential-model.ts): a clean campaign passes with a weakened check, so their mutants would only count as survivors;
 * only bug-flag runs could kill them. They are left out of the sample rather than judged by the wrong yardstick. A
 * protocol's sequential model (the linearizability checker's yardstick) is such a check: a laxer model rule passes
 * every clean history; its rules are pinned by unit tests instead.
 */
export function isCheckFile(name: string): boolean {
  return /^invariants.*\.ts$|-invariant\.ts$|-check\.ts$|^invariant-records\.ts$|^liveness.*\.ts$|^probes\.ts$|^sequential-model\.ts$/.test(name);
}
