// Where and when each coverage key was first reached in a run (the node whose state it keys, the virtual time): what a
// guided campaign's frontier mutants aim their faults at. Recorded only when a key is new to the run, so it costs nothing
// per event beyond the key's set lookup the coverage tracker already does.

/** The node a key was first reached on and the virtual time (µs) of the event after which it was. */
export interface KeyReach { readonly node: string; readonly atUs: number }

export class KeyReaches {
  private readonly first = new Map<string, KeyReach>();

  /** Call once per key, when it is new to the run. */
  note(key: string, node: string, atUs: number): void {
    this.first.set(key, { node, atUs });
  }

  /** The reaches of `keys` (the run's sorted keys), in the same order. */
  inOrder(keys: readonly string[]): KeyReach[] {
    return keys.map((k) => this.first.get(k)!);
  }
}
