// A zod validation failure as one readable bad-input error: file, field path, what was expected (in words, with the
// closest valid name), what was found. zod's own messages ("Invalid input: expected string, received number") would
// read "expected expected string" once wrapped, and name no closest value.
import { InputError, describeFound, fieldPath, suggest } from './errors.ts';

interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly options?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly origin?: string;
  readonly errors?: readonly (readonly Issue[])[];
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string', number: 'a number', int: 'an integer', boolean: 'true or false', array: 'a list', object: 'an object', literal: 'a fixed value',
};

const at = (raw: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined), raw);

const quoted = (xs: readonly unknown[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

/** What the issue expected, in words (without "expected"). */
function expectedText(issue: Issue, found: unknown): string {
  const closest = (names: readonly unknown[]): string =>
    typeof found === 'string' && names.every((n) => typeof n === 'string') ? suggest(found, names as string[]).replace(/ \(known: .*\)$/, '') : '';
  switch (issue.code) {
    case 'invalid_type': return TYPE_WORDS[issue.expected ?? ''] ?? `a ${issue.expected}`;
    case 'invalid_value': return `${issue.values!.length === 1 ? '' : 'one of '}${quoted(issue.values!)}${closest(issue.values!)}`;
    case 'invalid_union':
      // A union with its own message (the trigger schema names the kind and its bad field) says it best.
      if (!isGenericUnion(issue) && issue.options === undefined) return issue.message;
      if (issue.options !== undefined) return `one of ${quoted(issue.options)}${closest(issue.options)}`;
      return (issue.errors ?? []).map((branch) => expectedText(branch[0]!, found)).filter((x, i, all) => all.indexOf(x) === i).join(' or ');
    case 'too_small': {
      const cmp = issue.inclusive === false ? '>' : '≥';
      if (issue.origin === 'array') return `at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return `at least ${issue.minimum} character${Number(issue.minimum) === 1 ? '' : 's'}`;
      return `a number ${cmp} ${issue.minimum}`;
    }
    case 'too_big': {
      const cmp = issue.inclusive === false ? '<' : '≤';
      if (issue.origin === 'array') return `at most ${issue.maximum} items`;
      if (issue.origin === 'string') return `at most ${issue.maximum} characters`;
      return `a number ${cmp} ${issue.maximum}`;
    }
    default: return issue.message.replace(/^Invalid input: /, '').replace(/^expected /i, '').replace(/, received \w+$/, '');
  }
}

/** A union failure carrying zod's generic text, not a message of the schema's own. */
const isGenericUnion = (i: Issue): boolean => i.code === 'invalid_union' && i.options === undefined && i.message === 'Invalid input';

/** The branch of a union whose failure went deepest (the form the author most likely meant), if one stands out. */
function likeliestBranch(issue: Issue): Issue | null {
  const branches = (issue.errors ?? []).map((b) => b.filter((x) => x.code !== 'unrecognized_keys')).filter((b) => b.length > 0);
  const depth = (b: readonly Issue[]): number => Math.max(...b.map((x) => x.path.length));
  const deepest = Math.max(...branches.map(depth));
  const best = branches.filter((b) => depth(b) === deepest);
  return deepest > 0 && best.length === 1 ? best[0]![0]! : null;
}

/** The first issue of a failed safeParse as an InputError; `note` is appended (what kind of file it should have been). */
export function zodError(file: string, issues: readonly unknown[], raw: unknown, note = ''): InputError {
  let issue = issues[0] as Issue;
  let path = [...issue.path];
  // A union whose branches all failed: follow the one that got furthest (expect[0] with verdict "pas" → its verdict field).
  for (let b = isGenericUnion(issue) ? likeliestBranch(issue) : null; b !== null; b = isGenericUnion(b) ? likeliestBranch(b) : null) {
    path = [...path, ...b.path];
    issue = b;
  }
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys![0]!;
    return new InputError(`${file}: ${fieldPath([...path, key])}: unknown field "${key}" (found ${describeFound(at(raw, [...path, key]))}); remove it or check its spelling${note}`);
  }
  const found = at(raw, path);
  // A missing field next to an unknown one is most likely a typo: say so ("targt" for "target").
  const parent = JSON.stringify(path.slice(0, -1));
  const stray = (issues as Issue[]).find((x) => x.code === 'unrecognized_keys' && JSON.stringify(x.path) === parent);
  const typo = found === undefined && stray !== undefined ? `; this object has an unknown field "${stray.keys![0]}" (a misspelling of "${String(path.at(-1))}"?)` : '';
  return new InputError(`${file}: ${fieldPath(path)}: expected ${expectedText(issue, found)}, found ${describeFound(found)}${typo}${note}`);
}
