// Whether immer deep-freezes the states handlers produce: a check (a handler mutating a state it does not own then
// throws), not a behaviour. Freezing costs every produce a walk of the new parts, so runs leave it off unless asked;
// the test suite turns it on (test/support/strict-runs.ts), so a mutation bug still fails there.
import { setAutoFreeze } from 'immer';

let isFreezingByDefault = false;

/** The default for runs that do not say (RunConfig.freezeStates). */
export function setStateFreezing(isOn: boolean): void {
  isFreezingByDefault = isOn;
}

export function isStateFreezing(): boolean {
  return isFreezingByDefault;
}

/** Applied at the start of each run (runs in one thread are sequential, and immer's switch is per thread). */
export function applyStateFreezing(isOn: boolean | undefined): void {
  setAutoFreeze(isOn ?? isFreezingByDefault);
}
