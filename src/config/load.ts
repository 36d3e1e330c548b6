import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { InputError, type InputProblem } from '../core/errors.js';
import { matrix, scenario, type Matrix, type Scenario } from './schema.js';

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

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new InputError([{ file, message: reason }]);
  }
}

export function parseFile<S extends z.ZodType>(file: string, text: string, schema: S): Loaded<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const displayName = path.relative(process.cwd(), file) || file;
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = (fieldPath: PropertyKey[]) => at(nodeAt(doc, fieldPath)?.range?.[0]);

  if (doc.errors.length > 0) {
    throw new InputError(doc.errors.map((e) => ({ file: displayName, ...at(e.pos[0]), message: e.message.split('\n')[0] ?? e.message })));
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    throw new InputError(
      result.error.issues.flatMap(explainUnion).map((issue) => {
        const fieldPath = issue.path;
        if (issue.code === 'unrecognized_keys') {
          const key = issue.keys[0] ?? '';
          return {
            file: displayName,
            ...at(keyNodeAt(doc, fieldPath, key)?.range?.[0] ?? nodeAt(doc, fieldPath)?.range?.[0]),
            field: dotPath([...fieldPath, key]),
            message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`,
          };
        }
        return { file: displayName, ...locate(fieldPath), field: dotPath(fieldPath) || undefined, message: issue.message };
      }),
    );
  }
  return { file: displayName, value: result.data, locate };
}

/**
 * zod reports a failed union as one vague issue. Pick the branch the author meant (the one whose
 * type fits the input) and report its issues; when no branch fits, list the types that would.
 */
function explainUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const fitting = issue.errors.filter(
    (branch) => !branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')),
  );
  if (fitting.length === 0) {
    const expected = issue.errors.flatMap((branch) =>
      branch.map((i) =>
        'expected' in i ? String(i.expected) : 'values' in i ? i.values.map((v) => JSON.stringify(v)).join(' or ') : undefined,
      ),
    );
    const names = [...new Set(expected.filter((e) => e !== undefined))];
    return [{ ...issue, message: names.length > 0 ? `must be ${names.join(' or ')}` : issue.message }];
  }
  const best = fitting.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((i) => explainUnion({ ...i, path: [...issue.path, ...i.path] }));
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
