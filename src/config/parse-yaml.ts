import { Composer, isPair, isScalar, isSeq, LineCounter, Parser, visit, YAMLParseError, type CST, type Document, type Node } from 'yaml';

/** Scenario files nest about seven levels; the parser recurses, so deeper input must be refused first. */
export const maxDepth = 64;
/** Enough for files that reuse anchors generously, far too few for an alias bomb. */
export const maxAliasCount = 1000;

export interface YamlProblem {
  line: number;
  column: number;
  fieldPath?: (string | number)[];
  message: string;
}

export type ParsedYaml =
  | { ok: true; doc: Document; value: unknown; position: (offset: number | undefined) => { line?: number; column?: number } }
  | { ok: false; problems: YamlProblem[] };

/**
 * Parses one YAML document within fixed bounds (nesting depth, alias expansion) and in linear time:
 * duplicate keys are found with one set per mapping, not yaml's pairwise `uniqueKeys` check.
 */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const position = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const at = (offset: number | undefined, message: string, fieldPath?: (string | number)[]): YamlProblem => ({
    line: 1,
    column: 1,
    ...position(offset),
    fieldPath,
    message,
  });

  const tokens = [...new Parser((offset) => lineCounter.addNewLine(offset)).parse(text)];
  const deep = firstTooDeep(tokens);
  if (deep !== undefined) return { ok: false, problems: [at(deep, `nested more than ${maxDepth} levels deep`)] };

  const docs = [...new Composer({ prettyErrors: false, uniqueKeys: false }).compose(tokens, true, text.length)];
  const doc = docs[0];
  if (doc === undefined) return { ok: false, problems: [at(0, 'the file is empty')] };
  if (docs.length > 1) return { ok: false, problems: [at(docs[1]?.range[0], 'a second YAML document (---); one file holds one document')] };
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e: YAMLParseError) => at(e.pos[0], e.message.split('\n')[0] ?? e.message)) };
  }
  if (doc.contents === null) return { ok: false, problems: [at(0, 'the file is empty')] };

  const problems: YamlProblem[] = [];
  let firstAlias: Node | undefined;
  visit(doc, {
    Map(_, map, ancestors) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = pair.key.value;
        if (seen.has(key)) {
          problems.push(at(pair.key.range?.[0], `duplicate key "${String(key)}"`, [...fieldPathOf(ancestors, map), String(key)]));
        }
        seen.add(key);
      }
    },
    Alias(_, alias, ancestors) {
      firstAlias ??= alias;
      if (alias.resolve(doc) === undefined) {
        const message = `alias *${alias.source} names no anchor (&${alias.source}) set before it`;
        problems.push(at(alias.range?.[0], message, fieldPathOf(ancestors, alias)));
      }
    },
  });
  if (problems.length > 0) return { ok: false, problems };
  try {
    return { ok: true, doc, value: doc.toJS({ maxAliasCount }), position };
  } catch (error) {
    if (firstAlias === undefined) throw error;
    return {
      ok: false,
      problems: [at(firstAlias.range?.[0], `aliases expand to more than ${maxAliasCount} values; write the values out instead`)],
    };
  }
}

/** The keys and indexes leading from the document to `node`. */
function fieldPathOf(ancestors: readonly unknown[], node: unknown): (string | number)[] {
  const chain = [...ancestors, node];
  const parts: (string | number)[] = [];
  chain.forEach((current, i) => {
    if (isPair(current) && chain[i + 1] === current.value) parts.push(String(isScalar(current.key) ? current.key.value : current.key));
    if (isSeq(current)) parts.push(current.items.indexOf(chain[i + 1]));
  });
  return parts;
}

/** The offset of the first collection nested deeper than `maxDepth`, walked without recursion. */
function firstTooDeep(tokens: Iterable<CST.Token>): number | undefined {
  const stack: [CST.Token, number][] = [];
  for (const token of tokens) if (token.type === 'document' && token.value) stack.push([token.value, 1]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!('items' in token)) continue;
    if (depth > maxDepth) return token.offset;
    for (const item of token.items) {
      if ('key' in item && item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}
