// Always-on assertions for programmer errors; a failed one ends the run with verdict crash.

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Ends every switch over a discriminated union: the compiler proves it is never reached. */
export function unreachable(x: never): never {
  throw new AssertionError(`unreachable: ${JSON.stringify(x)}`);
}
