// Whether immer deep-freezes the states handlers produce: a check (a handler mutating a state it does not own then
// throws), not a behaviour. Freezing costs every produce a walk of the new parts, so runs leave it off unless asked;
// the test suite turns it on (test/support/strict-runs.ts), so a mutation bug still fails there.
import { setAutoFreeze } from 'immer';

let isFreezingByDefault = false;
/** What the running run does (set at its start): hand-written copy-on-write handlers freeze their states by it. */
let isFreezingThisRun = false;

/** The default for runs that do not say (RunConfig.freezeStates). */
export function setStateFreezing(isOn: boolean): void {
  isFreezingByDefault = isOn;
}

export function isStateFreezing(): boolean {
  return isFreezingByDefault;
}

/** Applied at the start of each run (runs in one thread are sequential, and immer's switch is per thread). */
export function applyStateFreezing(isOn: boolean | undefined): void {
  isFreezingThisRun = isOn ?? isFreezingByDefault;
  setAutoFreeze(isFreezingThisRun);
}

/**
 * Does the running run deep-freeze states? Protocols whose handlers copy on write by hand (no immer produce) freeze
 * the states they return when it does, so the test suite still catches a handler writing a state it does not own.
 */
export function isRunFreezing(): boolean {
  return isFreezingThisRun;
}
