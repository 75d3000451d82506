// The PLog writer's copy and settle, written for its one record shape. Every PLog write and every batch copies the
// writer (plog-writer.ts writerOf), and the shared default copy (sim/copy-on-write.ts copyAny) spreads every kind of
// object the handlers own, so its spread ran megamorphic through the runtime; the generic settle then walked the
// record with a for-in and keyed reads. The writer is built only by freshPlogWriter, with every field, and handlers
// assign its fields, never add or delete one: a literal in that key order copies it (one hidden class, the spread's
// keys and values), and a field-by-field compare settles it (settle-root.test.ts holds both to the generic ones).
import { isOwned, settleCopy } from '../../sim/index.ts';
import type { Draft } from 'immer';
import type { PlogWriter } from './plog-writer.ts';

type DWriter = Draft<PlogWriter>;

/** PlogWriter's fields in freshPlogWriter's key order (the settle-root test checks it). */
export const WRITER_FIELDS = ['queue', 'inFlight', 'isPolling', 'idleSinceUs', 'batches', 'maxBatch'] as const satisfies readonly (keyof PlogWriter)[];
/** Compiles only while WRITER_FIELDS names every field of PlogWriter. */
const WRITER_FIELDS_COMPLETE: [Exclude<keyof PlogWriter, (typeof WRITER_FIELDS)[number]>] extends [never] ? true : never = true;
void WRITER_FIELDS_COMPLETE;

export const copyPlogWriter = (x: DWriter): DWriter => ({
  queue: x.queue, inFlight: x.inFlight, isPolling: x.isPolling, idleSinceUs: x.idleSinceUs, batches: x.batches, maxBatch: x.maxBatch,
});

/** settleCopy(b, x) for the writer: its object fields settled in key order, then `b` when every field is identical. */
export function settlePlogWriter(b: PlogWriter, x: DWriter): PlogWriter | DWriter {
  if (!isOwned(x)) return x;
  if (x.queue !== b.queue) x.queue = settleCopy(b.queue, x.queue) as DWriter['queue'];
  if (x.inFlight !== b.inFlight) x.inFlight = settleCopy(b.inFlight, x.inFlight) as DWriter['inFlight'];
  const isSame = x.queue === b.queue && x.inFlight === b.inFlight && x.isPolling === b.isPolling && x.idleSinceUs === b.idleSinceUs &&
    x.batches === b.batches && x.maxBatch === b.maxBatch;
  return isSame ? b : x;
}
