/** Markdown building blocks (GitHub flavour) that keep arbitrary text from turning into markup. */

/** Plain text inline: characters that would start emphasis, code, links or HTML are escaped. */
export function text(value: string): string {
  return value
    .trimEnd()
    .replace(/[\\`*~[\]<>]/g, '\\$&')
    .replace(/(^|\W)_|_(?=\W|$)/g, (m) => m.replace('_', '\\_'))
    .replace(/\r?\n/g, '<br>');
}

/** A code span that survives backticks in the value (CommonMark: a longer backtick fence). */
export function code(value: string): string {
  const literal = value.replace(/\s*\r?\n\s*/g, ' ').trim();
  const longest = Math.max(0, ...(literal.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = literal.startsWith('`') || literal.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${literal}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function fence(body: string, lang = ''): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${body.replace(/\n$/, '')}\n${ticks}`;
}

export function link(label: string, url: string): string {
  return `[${label}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

/** A pipe table; `|` and line breaks inside cells are escaped so a cell stays one cell. */
export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>') || ' ';
}

/** Indents every line but the first, to continue a list item. */
export function indent(block: string, spaces: number): string {
  return block.replace(/\n(?!\n)/g, `\n${' '.repeat(spaces)}`);
}
