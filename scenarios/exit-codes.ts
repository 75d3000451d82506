// The exit codes of DESIGN.md §4, in a module of their own so the CLI's `--help` path can use them without loading
// the kernel, the protocols and zod (start-up time: see bin/launch.js).
export const EXIT = { pass: 0, violation: 1, usage: 2, liveness: 3, crash: 4, nondeterminism: 5 } as const;
