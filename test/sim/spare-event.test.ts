// World.spareEvent: a consumed event's object is reused for the next scheduled one. Runs must be exactly what they
// were with a new object per event, triggered pauses (which defer deliveries) and restarts included.
import { afterEach, describe, expect, it } from 'vitest';
import { World } from '../../sim/world.ts';
import { seedHashes } from '../../bench/trace-hashes.ts';
import { findProtocol } from '../../scenarios/registry.ts';

const original = World.prototype.newEvent;
afterEach(() => { World.prototype.newEvent = original; });

describe('spare event reuse', () => {
  it('gives the same hashes, verdicts and event counts as a new event object every time (aimed and timed plans)', () => {
    for (const name of ['zab', 'tair']) {
      const protocol = findProtocol(name)!;
      const seeds = [1000, 1001, 1002, 1003];
      const reused = [...seedHashes(protocol, seeds, [], {}, 'aimed'), ...seedHashes(protocol, seeds, [], {}, 'timed')];
      World.prototype.newEvent = function (this: World, ...args: Parameters<World['newEvent']>) {
        this.spareEvent = null;
        return original.apply(this, args);
      };
      const fresh = [...seedHashes(protocol, seeds, [], {}, 'aimed'), ...seedHashes(protocol, seeds, [], {}, 'timed')];
      World.prototype.newEvent = original;
      expect(reused).toEqual(fresh);
    }
  }, 120_000);
});
