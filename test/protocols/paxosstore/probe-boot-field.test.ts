// PaxosMsg.probeBootUs (checker bookkeeping, not part of Certain's PaxosCmd) rides only where it means something: on a
// check-empty probe and on the answers to one (fourteenth session; until then every PaxosMsg carried it, 0 elsewhere,
// so a fault damaging a message's fields could pick it on any of them). A probe and its answers carry the read's uuid
// (never 0: probe-uuid.ts), every other PaxosMsg uuid 0, which is how the test tells answers from other messages.
import { describe, expect, it } from 'vitest';
import type { ProtocolModule } from '../../../sim/index.ts';
import { runSimulation } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { loadScenario } from '../../../scenarios/scenario.ts';
import { scenarioRunConfig } from '../../../scenarios/to-run-config.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { PaxosMsg, PsMsg } from '../../../protocols/paxosstore/messages.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

/** The protocol with every node's sent PaxosMsgs recorded (with the sender's boot time). */
function recording(): { module: ProtocolModule<NodeState, never, never>; sent: { msg: PaxosMsg; bootUs: number }[] } {
  const sent: { msg: PaxosMsg; bootUs: number }[] = [];
  const handle = paxosstoreProtocol.actor.handle as never as ProtocolModule<NodeState, never, never>['actor']['handle'];
  const module: ProtocolModule<NodeState, never, never> = {
    ...(paxosstoreProtocol as unknown as ProtocolModule<NodeState, never, never>),
    actor: {
      boot: paxosstoreProtocol.actor.boot as never,
      handle(s, input, ctx, o, bugs) {
        const c = ctx as unknown as { sendDatagram(to: unknown, m: PsMsg): void };
        const send = c.sendDatagram;
        c.sendDatagram = (to, m) => {
          if (m.type === 'paxos') sent.push({ msg: m, bootUs: (s as NodeState).bootUs });
          send.call(ctx, to, m);
        };
        try {
          return handle(s, input, ctx, o, bugs);
        } finally {
          delete (c as { sendDatagram?: unknown }).sendDatagram;
        }
      },
    },
  };
  return { module, sent };
}

/**
 * Messages that break the rule. A probe (isCheckEmpty) carries its sender's boot time; an empty answer carries it; a
 * message with uuid 0 (no read involved) does not. Answers to answers keep the read's uuid (Certain's SetUUID copies
 * it), so a uuid alone does not tell an answer to the probe: a message with the field that is no probe must go from a
 * probe's receiver to its prober (same entity, entry, uuid), and a message from the prober to that receiver other than
 * the probe itself (the prober answering the answer) must not carry it.
 */
function misplaced(sent: readonly { msg: PaxosMsg; bootUs: number }[]): string[] {
  const bad: string[] = [];
  const key = (from: number, to: number, m: PaxosMsg): string => `${from}>${to}|${m.entity}|${m.entry}|${m.uuid}`;
  const probes = new Set(sent.filter(({ msg }) => msg.isCheckEmpty).map(({ msg }) => key(msg.from, msg.to, msg)));
  for (const { msg, bootUs } of sent) {
    const has = msg.probeBootUs !== undefined;
    const what = JSON.stringify(msg);
    if (msg.isCheckEmpty && msg.probeBootUs !== bootUs) bad.push(`probe without its sender's boot ${bootUs}: ${what}`);
    if (msg.result === 'empty' && !has) bad.push(`empty answer without the field: ${what}`);
    if (msg.uuid === 0 && has) bad.push(`no read involved, yet the field: ${what}`);
    if (!msg.isCheckEmpty && has && !probes.has(key(msg.to, msg.from, msg))) bad.push(`the field on a message that answers no probe: ${what}`);
    if (!msg.isCheckEmpty && has && probes.has(key(msg.from, msg.to, msg))) bad.push(`the field on the prober's answer to an answer: ${what}`);
  }
  return bad;
}

describe('paxosstore: probeBootUs only on check-empty probes and their answers', () => {
  it('the fast-restart hazard scenario: probes and answers carry it (the stale answer too), nothing else does', () => {
    const { module, sent } = recording();
    const r = runSimulation(scenarioRunConfig(loadScenario('paxosstore/hazard-probe-uuid-reused-after-fast-restart'), module as never));
    expect(r.verdict).toBe('pass');
    expect(misplaced(sent)).toEqual([]);
    // The stale answer: an empty answer naming the first incarnation (boot 0) delivered to the rebooted a1.
    expect(sent.some(({ msg }) => msg.result === 'empty' && msg.probeBootUs === 0 && msg.to === 0)).toBe(true);
    expect(sent.some(({ msg }) => msg.isCheckEmpty && msg.probeBootUs! > 0)).toBe(true);
    expect(sent.filter(({ msg }) => msg.uuid === 0).length).toBeGreaterThan(0);
  });

  it('aimed fuzz seeds 1..3 (reads, writes, catch-up, faults)', () => {
    for (let seed = 1; seed <= 3; seed++) {
      const { module, sent } = recording();
      expect(runFuzzSeed({ protocol: module as never, seed, bugs: [] }).verdict).toBe('pass');
      expect(misplaced(sent)).toEqual([]);
      expect(sent.filter(({ msg }) => msg.isCheckEmpty).length).toBeGreaterThan(0);
    }
  });

  it('the rule fails the old wire (the field on every PaxosMsg, 0 where no probe is involved)', () => {
    const old = (m: Partial<PaxosMsg>): { msg: PaxosMsg; bootUs: number } => ({ msg: { type: 'paxos', entity: 'e0', entry: 1, from: 0, to: 1, src: null as never, dest: null, maxChosen: 0, isCheckEmpty: false, isCatchup: false, uuid: 0, result: 'ok', probeBootUs: 0, ...m }, bootUs: 0 });
    const probe = old({ isCheckEmpty: true, uuid: 2 ** 32 });
    expect(misplaced([old({})])).toHaveLength(2); // uuid 0 with the field, and it answers no probe
    expect(misplaced([probe])).toEqual([]);
    expect(misplaced([old({ isCheckEmpty: true, uuid: 2 ** 32, probeBootUs: undefined as never })])).toHaveLength(1);
    // a2's answer to the probe carries it; a1's answer to that answer (the old reply() copied it) must not.
    const answer = old({ from: 1, to: 0, uuid: 2 ** 32, result: 'ok' });
    expect(misplaced([probe, answer])).toEqual([]);
    expect(misplaced([probe, answer, old({ uuid: 2 ** 32 })]).map((x) => x.split(':')[0])).toEqual(['the field on a message that answers no probe', "the field on the prober's answer to an answer"]);
    const { probeBootUs: _, ...emptyWithout } = old({ from: 1, to: 0, uuid: 2 ** 32, result: 'empty' }).msg;
    expect(misplaced([probe, { msg: emptyWithout as PaxosMsg, bootUs: 0 }])).toHaveLength(1);
  });
});
