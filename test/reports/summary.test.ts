// reports: the terminal summary — what a person sees first after a run.
import { describe, expect, it } from 'vitest';
import { renderSummary, shouldColor } from '../../reports/index.ts';
import { recordRun } from '../../scenarios/record-run.ts';
import { runSimulation, ms, seconds } from '../../sim/index.ts';
import { registerProtocol } from '../support/register.ts';
import { violatingRegisterRun } from './support/violating-run.ts';

const ANSI = /\u001b\[/;

describe('reports: terminal summary of a violation', () => {
  const v = violatingRegisterRun();
  const rec = recordRun(v.config);
  const text = renderSummary(rec, { replayCommand: v.replayCommand, isColor: false });

  it('names the verdict, seed, protocol, bug flags and resolved options', () => {
    expect(text).toMatch(/^SAFETY VIOLATION {2}register {2}seed \d+/);
    expect(text).toContain(`seed ${v.seed}`);
    expect(text).toMatch(/bug flags: +register\/ack-before-fsync/);
    expect(text).toMatch(/options: +nodeCount=3 pingIntervalUs=100000 reconnectDelayUs=300000/);
  });

  it('gives the counts from the run', () => {
    const s = rec.result.stats;
    expect(text).toContain(`events:         ${rec.result.events} `);
    expect(text).toContain(`${s.messagesSent} sent, ${s.messagesDelivered} delivered`);
    for (const [type, n] of Object.entries(s.messagesByType)) expect(text).toContain(`${type} ${n}`);
    expect(text).toMatch(new RegExp(`drops: +${s.drops}`));
    expect(text).toContain(`${s.crashes} crashes, ${s.restarts} restarts`);
  });

  it('shows the first violation with its event and cause, then the replay command', () => {
    const viol = rec.result.violation!;
    expect(text).toContain(`acked-write-logged at event ${viol.eventIndex}`);
    expect(text).toContain(viol.message);
    expect(text).toMatch(/caused by (message|disk-done|client|timer) at n1/);
    expect(text.trimEnd().split('\n').at(-1)).toBe(`replay:         ${v.replayCommand}`);
  });

  it('gives the time to the first primary from the recorded roles', () => {
    expect(text).toMatch(/first leader: +n1 as primary at 0us \(event 0\)/);
  });
});

describe('reports: terminal summary colours', () => {
  const r = runSimulation({ protocol: registerProtocol, seed: 1, faultPhaseUs: seconds(1), faults: [{ atUs: ms(300), kind: 'crash', target: 'n3', forUs: ms(200) }] });

  it('is plain text when colour is off and coloured when on', () => {
    expect(renderSummary(r, { isColor: false })).not.toMatch(ANSI);
    expect(renderSummary(r, { isColor: true })).toMatch(ANSI);
    expect(renderSummary(r, { isColor: false })).toMatch(/^PASS {2}register/);
  });

  it('honours NO_COLOR and non-TTY output, and FORCE_COLOR', () => {
    expect(shouldColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldColor({}, false)).toBe(false);
    expect(shouldColor({}, true)).toBe(true);
    expect(shouldColor({ TERM: 'dumb' }, true)).toBe(false);
    expect(shouldColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(shouldColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('omits first-leader timing for a bare RunResult (no role history)', () => {
    expect(renderSummary(r, { isColor: false })).not.toContain('first leader');
    expect(renderSummary(r, { isColor: false })).toMatch(/faults: +1 steps, 1 crashes, 1 restarts/);
  });
});
