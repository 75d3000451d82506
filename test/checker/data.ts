// Where the Porcupine reference histories live (test/fixtures/porcupine, in the repository) and how to load them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kvModel, parseEtcdLog, parseKvLog, registerModel } from '../../sim/checker/index.ts';
import type { CheckModel, Op } from '../../sim/checker/index.ts';

export const DATA_DIR = fileURLToPath(new URL('../fixtures/porcupine/', import.meta.url));

export interface ExpectedFile {
  readonly file: string;
  readonly model: 'etcd' | 'kv';
  readonly expected: 'ok' | 'illegal';
  readonly ops: number;
  readonly open_ops: number;
}

export const expectedFiles: readonly ExpectedFile[] = (JSON.parse(readFileSync(join(DATA_DIR, 'expected.json'), 'utf8')) as { files: ExpectedFile[] }).files;

export function loadOps(file: string, model: 'etcd' | 'kv'): readonly Op<any, any>[] {
  const text = readFileSync(join(DATA_DIR, file), 'utf8');
  const parsed = model === 'etcd' ? parseEtcdLog(text) : parseKvLog(text);
  if (!parsed.ok) throw new Error(`${file}:${parsed.line}: ${parsed.message}`);
  return parsed.ops;
}

export const modelNamed = (model: 'etcd' | 'kv'): CheckModel<any, any, any> => (model === 'etcd' ? registerModel : kvModel);
