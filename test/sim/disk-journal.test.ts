// The disk's journal rule: an fsync of any file commits every file's pending replace/truncate/delete (metadata in
// one ordered journal on ext4/XFS), while appended data stays pending per file (zab seeds 1433, 328932, 314224).
import { describe, expect, it } from 'vitest';
import { Disk, makeRecord } from '../../sim/disk.ts';
import { Prng } from '../../sim/prng.ts';

const data = (d: Disk, f: string): unknown[] => d.read(f).map((r) => r.data);

/** Crash the machine under many seeds; collect what `file` holds afterwards. */
function outcomes(build: () => Disk, file: string): Set<string> {
  const seen = new Set<string>();
  for (let seed = 1; seed <= 40; seed++) {
    const d = build();
    d.crash('machine', new Prng(seed, 'disk'));
    seen.add(JSON.stringify(data(d, file)));
  }
  return seen;
}

describe('kernel: disk journal', () => {
  it('keeps a rename once a later fsync of another file has completed', () => {
    const build = (): Disk => {
      const d = new Disk();
      d.mutate('acceptedEpoch', { kind: 'replace', records: [makeRecord(0)] });
      d.fsync('acceptedEpoch');
      d.mutate('acceptedEpoch', { kind: 'replace', records: [makeRecord(1)] });
      d.mutate('currentEpoch', { kind: 'replace', records: [makeRecord(1)] });
      d.fsync('currentEpoch');
      return d;
    };
    expect([...outcomes(build, 'acceptedEpoch')]).toEqual(['[1]']);
    expect([...outcomes(build, 'currentEpoch')]).toEqual(['[1]']);
  });

  it('commits truncates and deletes with the journal, and the same file\'s earlier appends with them', () => {
    const build = (): Disk => {
      const d = new Disk();
      d.mutate('log', { kind: 'append', record: makeRecord('a') });
      d.mutate('log', { kind: 'truncate', keepCount: 1 });
      d.mutate('tmp', { kind: 'replace', records: [makeRecord('x')] });
      d.mutate('tmp', { kind: 'delete' });
      d.mutate('other', { kind: 'append', record: makeRecord('o') });
      d.fsync('other');
      return d;
    };
    expect([...outcomes(build, 'log')]).toEqual(['["a"]']);
    expect([...outcomes(build, 'tmp')]).toEqual(['[]']);
  });

  it('leaves appended data without an fsync of its own file pending: a machine crash may lose it', () => {
    const build = (): Disk => {
      const d = new Disk();
      d.mutate('log', { kind: 'append', record: makeRecord(1) });
      d.mutate('epoch', { kind: 'replace', records: [makeRecord(7)] });
      d.fsync('epoch');
      return d;
    };
    expect(outcomes(build, 'log').has('[]')).toBe(true);
  });

  it('still loses an unsynced rename when no fsync follows it', () => {
    const build = (): Disk => {
      const d = new Disk();
      d.mutate('snapshot', { kind: 'replace', records: [makeRecord('old')] });
      d.fsync('snapshot');
      d.mutate('snapshot', { kind: 'replace', records: [makeRecord('new')] });
      return d;
    };
    expect(outcomes(build, 'snapshot')).toEqual(new Set(['["old"]', '["new"]']));
  });
});
