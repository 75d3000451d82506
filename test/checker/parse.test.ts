// The log parsers: Porcupine's formats, open calls left unknown, and bad input named by line.
import { describe, expect, it } from 'vitest';
import { parseEtcdLog, parseKvLog } from '../../sim/checker/index.ts';

const etcd = (...lines: string[]): string => lines.map((l) => `INFO  jepsen.util - ${l}\n`).join('');

describe('checker: etcd log parser', () => {
  it('pairs calls with completions, keeps :info calls open and :fail reads as no effect', () => {
    const r = parseEtcdLog(etcd('1\t:invoke\t:write\t3', '2\t:invoke\t:cas\t[3 0]', '1\t:info\t:write\t:timed-out', '2\t:fail\t:cas\t[3 0]', '3   :invoke :read   nil', '3   :ok     :read   3'));
    expect(r).toEqual({ ok: true, ops: [
      { id: 1, client: 1, input: { f: 'write', value: 3 }, output: undefined, call: 1, ret: null },
      { id: 2, client: 2, input: { f: 'cas', from: 3, to: 0 }, output: { type: 'fail' }, call: 2, ret: 4 },
      { id: 5, client: 3, input: { f: 'read' }, output: { type: 'ok', value: 3 }, call: 5, ret: 6 },
    ] });
  });

  it('reads an empty file as an empty history and leaves never-completed calls unknown', () => {
    expect(parseEtcdLog('')).toEqual({ ok: true, ops: [] });
    const r = parseEtcdLog(etcd('0\t:invoke\t:read\tnil'));
    expect(r.ok && r.ops[0]!.ret).toBe(null);
  });

  it.each([
    [etcd('1\t:invoke\t:read\tnil', 'garbage'), 2, 'expected "INFO'],
    [etcd('1\t:invoke\t:read\tnil', '1\t:invoke\t:write\t2'), 2, 'still open'],
    [etcd('1\t:ok\t:read\t2'), 1, 'no open operation'],
    [etcd('1\t:invoke\t:read\tnil', '1\t:ok\t:write\t2'), 2, 'does not match'],
    [etcd('1\t:invoke\t:cas\t[1]'), 1, '[from to]'],
    [etcd('1\t:invoke\t:delete\tnil'), 1, 'unknown operation :delete'],
    [etcd('1\t:invoke\t:read\tnil', '1\t:ok\t:read\tx'), 2, 'nil or an integer'],
  ])('rejects bad input with its line: case %#', (text, line, message) => {
    const r = parseEtcdLog(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.line).toBe(line);
      expect(r.message).toContain(message);
    }
  });
});

describe('checker: kv log parser', () => {
  const kv = (p: number, type: string, f: string, key: string, value: string): string => `{:process ${p}, :type :${type}, :f :${f}, :key "${key}", :value ${value}}`;

  it('reads gets, puts and appends with their keys and values', () => {
    const r = parseKvLog([kv(0, 'invoke', 'append', '1', '"x 0 0 y"'), kv(1, 'invoke', 'get', '1', 'nil'), kv(0, 'ok', 'append', '1', '"x 0 0 y"'), kv(1, 'ok', 'get', '1', '""')].join('\n'));
    expect(r).toEqual({ ok: true, ops: [
      { id: 1, client: 0, input: { f: 'append', key: '1', value: 'x 0 0 y' }, output: { type: 'ok', value: 'x 0 0 y' }, call: 1, ret: 3 },
      { id: 2, client: 1, input: { f: 'get', key: '1', value: '' }, output: { type: 'ok', value: '' }, call: 2, ret: 4 },
    ] });
  });

  it.each([
    [[kv(0, 'invoke', 'get', '1', 'nil'), '{:process 0, :type :ok}'], 2, 'expected {:process'],
    [[kv(0, 'invoke', 'get', '1', '"v"')], 1, ':value nil'],
    [[kv(0, 'invoke', 'get', '1', 'nil'), kv(0, 'ok', 'get', '2', '""')], 2, 'does not match the key'],
    [[kv(0, 'invoke', 'cas', '1', 'nil')], 1, 'unknown operation :cas'],
  ])('rejects bad input with its line: case %#', (lines, line, message) => {
    const r = parseKvLog(lines.join('\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.line).toBe(line);
      expect(r.message).toContain(message);
    }
  });
});
