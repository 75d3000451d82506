// The models shipped with the checker, by the name `check-history --model` takes.
export { registerModel } from './register.ts';
export type { RegisterInput, RegisterOutput, RegisterState, RegisterValue } from './register.ts';
export { exactInt } from './register.ts';
export { kvModel, kvNoPartitionModel, KvState } from './kv.ts';
export type { KvInput, KvOutput } from './kv.ts';
