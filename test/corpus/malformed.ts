/**
 * Malformed scenario and matrix files, generated from the shipped ones: every way a hand-edited or hostile
 * file can be wrong. Each case says which field the message must name, when there is one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { dotPath } from '../../src/config/load.js';

export type Kind = 'scenario' | 'matrix';
export interface Case {
  name: string;
  kind: Kind;
  /** File content, or a special file to make. */
  content: string | Buffer | { special: 'fifo' | 'dev-zero' | 'directory' };
  /** The field path the message must start with, when the problem is in a field. */
  field?: string;
  /** Found only when matrices are expanded against scenarios (checked in a batch of their own). */
  reference?: boolean;
}

type Path = (string | number)[];

const root = new URL('../..', import.meta.url).pathname;
const shipped = (dir: string, kind: Kind) =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ base: f.replace(/\.yaml$/, ''), kind, text: readFileSync(path.join(root, dir, f), 'utf8') }));

/** Maps whose keys are free (server settings, a client's options and the maps in them, e.g. JDBC URL properties). */
const freeMap = (p: Path) => {
  const last = p[p.length - 1];
  return p.includes('options') || (last === 'settings' && (p[0] === 'server' || p[0] === 'servers'));
};

function nodes(doc: Document): { path: Path; node: Node }[] {
  const found: { path: Path; node: Node }[] = [];
  const walk = (node: unknown, p: Path) => {
    if (isAlias(node) || !node) return;
    found.push({ path: p, node: node as Node });
    if (isMap(node)) for (const pair of node.items) walk(pair.value, [...p, String(isScalar(pair.key) ? pair.key.value : pair.key)]);
    if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...p, i]));
  };
  walk(doc.contents, []);
  return found;
}

function mutate(text: string, change: (doc: Document) => void): string {
  const doc = parseDocument(text);
  change(doc);
  return String(doc);
}

export function malformedCases(): Case[] {
  const cases: Case[] = [];
  const add = (c: Case) =>
    cases.push({ ...c, name: `${cases.length.toString().padStart(3, '0')}-${c.name.replace(/[^A-Za-z0-9-]+/g, '_')}` });
  for (const { base, kind, text } of [...shipped('scenarios', 'scenario'), ...shipped('matrix', 'matrix')]) {
    const doc = parseDocument(text);
    for (const { path: p, node } of nodes(doc)) {
      // Unknown keys at every depth.
      if (isMap(node) && !freeMap(p)) {
        add({
          name: `${base}-unknown-key-${dotPath(p) || 'root'}`,
          kind,
          content: mutate(text, (d) => (p.length === 0 ? d.set('unknownField', 1) : d.setIn([...p, 'unknownField'], 1))),
          field: dotPath([...p, 'unknownField']),
        });
      }
      // Wrong types: a mapping where a value belongs.
      if (isScalar(node) && p[p.length - 2] !== 'options') {
        add({
          name: `${base}-wrong-type-${dotPath(p)}`,
          kind,
          content: mutate(text, (d) => d.setIn(p, { wrong: 'type' })),
          field: dotPath(p),
        });
      }
    }
    // Missing required fields.
    const required = kind === 'scenario' ? ['id', 'title', 'engine', 'steps'] : ['title', 'servers', 'clients', 'scenarios'];
    for (const key of required) add({ name: `${base}-missing-${key}`, kind, content: mutate(text, (d) => d.delete(key)), field: key });
    // Syntax errors.
    add({ name: `${base}-unclosed-flow`, kind, content: `${text}\nbroken: [unclosed\n` });
    add({ name: `${base}-unterminated-quote`, kind, content: text.replace(/^title: .*$/m, 'title: "never closed') });
    add({ name: `${base}-tab-indent`, kind, content: text.replace(/^(\w+):/m, '\t$1:') });
    add({ name: `${base}-bad-indent`, kind, content: text.replace(/\n(\w+):/, '\n   $1:\n  x: 1\n y:') });
    add({ name: `${base}-two-documents`, kind, content: `${text}\n---\n${text}` });
    add({ name: `${base}-duplicate-key`, kind, content: `${text}\ntitle: again\n`, field: 'title' });
    // Aliases.
    add({ name: `${base}-undefined-alias`, kind, content: text.replace(/^title: .*$/m, 'title: *nope'), field: 'title' });
    const bomb = [
      'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
      ...[1, 2, 3, 4, 5, 6].map(
        (i) =>
          `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
      ),
    ];
    add({ name: `${base}-alias-bomb`, kind, content: `${bomb.join('\n')}\n${text}` });
    // Deep nesting, block and flow.
    add({ name: `${base}-deep-flow`, kind, content: text.replace(/^title: .*$/m, `title: ${'['.repeat(5000)}${']'.repeat(5000)}`) });
    const deepBlock = Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n');
    add({ name: `${base}-deep-block`, kind, content: `${text}\nnested:\n${deepBlock} 1\n` });
    // Huge files.
    add({ name: `${base}-huge`, kind, content: `${text}\n# ${'x'.repeat(2 * 1024 * 1024)}\n` });
  }
  // Bad versions and engines.
  const m = (servers: string) => `title: m\nservers: ${servers}\nclients: [pg]\nscenarios: [pg-tls-*]\n`;
  add({ name: 'version-letters', kind: 'matrix', content: m('[postgres@15.x]'), field: 'servers[0]' });
  add({ name: 'version-empty', kind: 'matrix', content: m('[postgres@]'), field: 'servers[0]' });
  add({ name: 'version-unquoted', kind: 'matrix', content: m('[{ engine: postgres, version: 15.10 }]'), field: 'servers[0].version' });
  add({ name: 'version-words', kind: 'matrix', content: m('[{ engine: postgres, version: "fifteen" }]'), field: 'servers[0].version' });
  add({ name: 'version-four-parts', kind: 'matrix', content: m('["postgres@15.8.1.2"]'), field: 'servers[0]' });
  add({ name: 'engine-unknown', kind: 'matrix', content: m('[oracle@23]'), field: 'servers[0]' });
  add({
    name: 'listen-everywhere',
    kind: 'matrix',
    content: m(`[{ engine: postgres, version: "15.9", settings: { listen_addresses: '*' } }]`),
    field: 'servers[0].settings.listen_addresses',
  });
  add({
    name: 'clients-duplicate',
    kind: 'matrix',
    content: m('[postgres@15.9]').replace('clients: [pg]', 'clients: [pg, { driver: pg, name: pg }]'),
    field: 'clients[1].name',
  });
  add({
    name: 'client-unknown',
    kind: 'matrix',
    content: m('[postgres@15.9]').replace('clients: [pg]', 'clients: [psql]'),
    field: 'clients[0]',
  });
  // Bad references, found when the plan is expanded.
  add({
    name: 'scenario-unknown',
    kind: 'matrix',
    content: m('[postgres@15.9]').replace('pg-tls-*', 'nope-*'),
    field: 'scenarios[0]',
    reference: true,
  });
  add({ name: 'no-cell', kind: 'matrix', content: m('[mysql@9.7]'), field: 'servers', reference: true });
  const known = (extra: string) =>
    `${m('[postgres@15.8]')}knownFailures:\n  - where: { scenario: pg-tls-session-resumption }\n    link: https://example.org/x\n${extra}`;
  add({
    name: 'known-failure-step-typo',
    kind: 'matrix',
    content: known('    steps: [resumd]\n'),
    field: 'knownFailures[0].steps[0]',
    reference: true,
  });
  add({
    name: 'known-failure-scenario-typo',
    kind: 'matrix',
    content: known('').replace('scenario: pg-tls-session-resumption', 'scenario: pg-tls-sesion-resumption'),
    field: 'knownFailures[0].where.scenario',
    reference: true,
  });
  const s = (steps: string, extra = '') => `id: broken\ntitle: t\nengine: postgres\n${extra}steps:\n${steps}`;
  add({
    name: 'resume-unknown',
    kind: 'scenario',
    content: s('  - connect: a\n  - connect: b\n    resumeTlsSessionFrom: nope\n'),
    field: 'steps[1].resumeTlsSessionFrom',
  });
  add({ name: 'user-unknown', kind: 'scenario', content: s('  - connect: a\n    user: ghost\n'), field: 'steps[0].user' });
  add({ name: 'step-kind-typo', kind: 'scenario', content: s('  - restrat:\n'), field: 'steps[0]' });
  add({
    name: 'regex-broken',
    kind: 'scenario',
    content: s('  - connect: a\n    expect: { error: "/(unclosed/" }\n'),
    field: 'steps[0].expect.error',
  });
  add({
    name: 'listen-addresses',
    kind: 'scenario',
    content: s('  - connect: a\n', "server:\n  settings: { listen_addresses: '*' }\n"),
    field: 'server.settings.listen_addresses',
  });
  add({
    name: 'error-code-number',
    kind: 'scenario',
    content: s('  - connect: a\n    expect: { error: { code: 2061 } }\n'),
    field: 'steps[0].expect.error.code',
  });
  add({
    name: 'when-client-unknown',
    kind: 'scenario',
    content: s('  - connect: a\n    expect:\n      - when: { client: psql }\n        error: x\n      - ok\n'),
    field: 'steps[0].expect[0].when.client',
  });
  // Not YAML at all.
  for (const kind of ['scenario', 'matrix'] as const) {
    add({ name: `${kind}-empty`, kind, content: '' });
    add({ name: `${kind}-only-comment`, kind, content: '# nothing here\n' });
    add({ name: `${kind}-binary-nul`, kind, content: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)) });
    add({ name: `${kind}-binary-high`, kind, content: Buffer.from(Array.from({ length: 4096 }, (_, i) => 128 + ((i * 37) % 128))) });
    add({ name: `${kind}-scalar`, kind, content: 'just a string\n' });
    add({ name: `${kind}-list`, kind, content: '- a\n- b\n' });
    add({ name: `${kind}-80000-keys`, kind, content: Array.from({ length: 80_000 }, (_, i) => `k${i}: 1`).join('\n') });
    add({ name: `${kind}-fifo`, kind, content: { special: 'fifo' } });
    add({ name: `${kind}-dev-zero`, kind, content: { special: 'dev-zero' } });
    add({ name: `${kind}-directory`, kind, content: { special: 'directory' } });
  }
  return cases;
}
