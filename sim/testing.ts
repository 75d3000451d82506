// Internals exposed to tests only (not part of the public surface in index.ts).
export * from './index.ts';
export { EventHeap as EventHeapForTests } from './heap.ts';
