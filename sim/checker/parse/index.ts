// The log parsers (pure text → history); reading files is the caller's job.
export { parseEtcdLog } from './etcd.ts';
export { parseKvLog } from './kv.ts';
export type { ParseResult } from './builder.ts';
