// Knob values are checked where a schedule is built (bench variant spec, protocol entry, caller's override), naming the
// knob; before, only wideOptionsOneIn/wideFullOneIn were checked, inside the campaign loop, and grow knobs not at all.
import { describe, expect, it } from 'vitest';
import { checkTuning } from '../../scenarios/guided-tuning-check.ts';
import { GUIDED_TUNING_BY_PROTOCOL, GUIDED_TUNING_DEFAULT, guidedTuningFor, parseTuning } from '../../scenarios/guided-tuning.ts';

describe('guided tuning values', () => {
  it('accepts the default and every protocol schedule', () => {
    expect(() => checkTuning(GUIDED_TUNING_DEFAULT as unknown as Record<string, unknown>, 'default')).not.toThrow();
    for (const p of Object.keys(GUIDED_TUNING_BY_PROTOCOL)) expect(() => guidedTuningFor(p)).not.toThrow();
  });

  it.each([
    ['g:growOneIn=0', /growOneIn: expected an integer >= 1 or null, found 0/],
    ['g:growOneIn=1.5', /growOneIn: expected an integer >= 1 or null, found 1.5/],
    ['g:longPhaseOneIn=-2', /longPhaseOneIn: expected an integer >= 1 or null, found -2/],
    ['g:frontierInsertOneIn=x', /frontierInsertOneIn: expected an integer >= 1 or null, found "x"/],
    ['w:wideOptionsOneIn=0', /wideOptionsOneIn: expected an integer >= 1 or null, found 0/],
    ['w:wideRedrawsExtra=-1', /wideRedrawsExtra: expected an integer >= 0, found -1/],
    ['w:wideRedrawsExtra=null', /wideRedrawsExtra: expected an integer >= 0, found null/],
    ['w:wideFullOneIn=0', /wideFullOneIn: expected an integer >= 1 or null, found 0/],
    ['w:wideSpace=3', /wideSpace: expected a word, found 3/],
    ['e:energy=cube', /energy: expected one of "sum", "square", found "cube"/],
    ['a:isAdaptiveOps=yes', /isAdaptiveOps: expected true or false, found "yes"/],
    ['o:optionsOneIn=0', /optionsOneIn: expected an integer >= 1, found 0/],
    ['o:optionsOneIn=', /optionsOneIn: expected an integer >= 1, found ""/],
    ['p:plainGenerations=-1', /plainGenerations: expected an integer >= 0, found -1/],
  ])('parseTuning(%s) names the knob and the value', (spec, message) => {
    expect(() => parseTuning(spec)).toThrow(message);
    expect(() => parseTuning(spec)).toThrow(`guided tuning "${spec}"`);
  });

  it('checks a caller override too, naming the protocol', () => {
    expect(() => guidedTuningFor('zab', { growOneIn: 0 })).toThrow(/guided tuning of zab: growOneIn: expected an integer >= 1 or null, found 0/);
    expect(() => checkTuning({ nope: 1 }, 'here')).toThrow(/here: unknown knob "nope"/);
    expect(guidedTuningFor('tfs', { growOneIn: 2, wideOptionsOneIn: null }).growOneIn).toBe(2);
  });
});
