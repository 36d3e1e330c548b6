import path from 'node:path';
import { isMap, isNode, isPair, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { InputError, type InputProblem } from '../core/errors.js';
import { parseYaml } from './parse-yaml.js';
import { readBounded } from './read-bounded.js';
import { matrix, scenario, type Matrix, type Scenario } from './schema.js';

/** Past this many, more problems in one file only bury the first ones. */
const maxProblems = 20;

export interface Loaded<T> {
  file: string;
  value: T;
  /** Where a field path sits in the file, for errors found after parsing (e.g. unknown scenario ids). */
  locate(fieldPath: PropertyKey[]): Pick<InputProblem, 'line' | 'column'>;
}

export async function loadScenarioFile(file: string): Promise<Loaded<Scenario>> {
  return parseFile(file, await readText(file), scenario);
}

export async function loadMatrixFile(file: string): Promise<Loaded<Matrix>> {
  return parseFile(file, await readText(file), matrix);
}

export type LoadedFile = { kind: 'matrix'; loaded: Loaded<Matrix> } | { kind: 'scenario'; loaded: Loaded<Scenario> };

/** A file named on the command line: a matrix or a scenario, told apart by its top-level keys. Read once. */
export async function loadAnyFile(file: string): Promise<LoadedFile> {
  const text = await readText(file);
  // One matrix key is enough, so a matrix missing `servers` is still read (and reported) as a matrix.
  return /^(servers|clients|scenarios|knownFailures)\s*:/m.test(text)
    ? { kind: 'matrix', loaded: parseFile(file, text, matrix) }
    : { kind: 'scenario', loaded: parseFile(file, text, scenario) };
}

async function readText(file: string): Promise<string> {
  const read = await readBounded(file);
  if (!read.ok) throw new InputError([{ file: displayName(file), line: 1, column: 1, message: read.reason }]);
  return read.text;
}

/** Relative to the working directory when the file is below it, else absolute. */
export function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative;
}

export function parseFile<S extends z.ZodType>(file: string, text: string, schema: S): Loaded<z.output<S>> {
  const name = displayName(file);
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    throw new InputError(
      capped(parsed.problems).map(({ fieldPath, ...p }) => ({ file: name, ...p, field: fieldPath && (dotPath(fieldPath) || undefined) })),
    );
  }
  const { doc, position: at } = parsed;
  const locate = (fieldPath: PropertyKey[]) => at(nodeAt(doc, fieldPath)?.range?.[0]);

  const result = schema.safeParse(parsed.value);
  if (!result.success) {
    throw new InputError(
      capped(result.error.issues.flatMap(explainUnion)).map((issue) => {
        const fieldPath = issue.path;
        if (issue.code === 'unrecognized_keys') {
          const key = issue.keys[0] ?? '';
          return {
            file: name,
            ...at(keyNodeAt(doc, fieldPath, key)?.range?.[0] ?? nodeAt(doc, fieldPath)?.range?.[0]),
            field: dotPath([...fieldPath, key]),
            message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${listed(issue.keys.map((k) => `"${k}"`))}; check the spelling`,
          };
        }
        return { file: name, ...locate(fieldPath), field: dotPath(fieldPath) || undefined, message: issue.message };
      }),
    );
  }
  return { file: name, value: result.data, locate };
}

function capped<T>(problems: T[]): T[] {
  return problems.length > maxProblems ? problems.slice(0, maxProblems) : problems;
}

function listed(items: string[], max = 5): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
}

/**
 * zod reports a failed union as one vague issue. Pick the branch the author meant (the one whose
 * type fits the input) and report its issues; when no branch fits, list the types that would.
 */
function explainUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const fitting = issue.errors.filter(fits);
  if (fitting.length === 0) {
    const names = [...new Set(expectedTypes(issue))];
    return [{ ...issue, message: names.length > 0 ? `must be ${names.join(' or ')}` : issue.message }];
  }
  // Of the branches that fit, the one that got furthest into the input is the one the author meant.
  const reach = (branch: z.core.$ZodIssue[]) => Math.max(...branch.map((i) => i.path.length));
  const best = fitting.reduce((a, b) => (reach(b) > reach(a) || (reach(b) === reach(a) && b.length < a.length) ? b : a));
  return best.flatMap((i) => explainUnion({ ...i, path: [...issue.path, ...i.path] }));
}

/** A branch fits when the input has its type: its problems, if any, are inside the value. */
function fits(branch: z.core.$ZodIssue[]): boolean {
  return !branch.some(
    (i) =>
      i.path.length === 0 &&
      (i.code === 'invalid_type' || i.code === 'invalid_value' || (i.code === 'invalid_union' && !i.errors.some(fits))),
  );
}

function expectedTypes(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_union') return issue.errors.flatMap((branch) => branch.flatMap(expectedTypes));
  if ('expected' in issue) return [String(issue.expected)];
  if ('values' in issue) return issue.values.map((v) => JSON.stringify(v));
  return [];
}

/** The deepest node that exists along the path, so a missing field points at its parent. */
function nodeAt(doc: Document, fieldPath: PropertyKey[]): Node | undefined {
  for (let depth = fieldPath.length; depth >= 0; depth--) {
    const node = doc.getIn(fieldPath.slice(0, depth) as unknown[], true);
    if (isNode(node)) return node;
  }
  return isNode(doc.contents) ? doc.contents : undefined;
}

function keyNodeAt(doc: Document, fieldPath: PropertyKey[], key: string): Node | undefined {
  const parent = doc.getIn(fieldPath as unknown[], true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  return pair && isNode(pair.key) ? pair.key : undefined;
}

/** `['steps', 2, 'expect']` → `steps[2].expect`; the synthetic step `kind` is reported as the step itself. */
export function dotPath(fieldPath: PropertyKey[]): string {
  return fieldPath
    .filter((part, i) => !(part === 'kind' && i === fieldPath.length - 1 && fieldPath[i - 2] === 'steps'))
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}
