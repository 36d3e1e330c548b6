/** Just enough XML for JUnit: elements, attributes and text that any XML 1.0 parser accepts. */

export type Attributes = Record<string, string | number | undefined>;

/** `<name a="1">children</name>`, or `<name a="1"/>` when there are none. Children are already XML. */
export function element(name: string, attributes: Attributes, children: string[] = []): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  return children.every((c) => c === '') ? `<${name}${attrs}/>` : `<${name}${attrs}>${children.join('')}</${name}>`;
}

export function escapeText(value: string): string {
  return stripForbidden(value).replace(/[&<>]/g, (c) => entities[c]!);
}

/** Also encodes tabs and line breaks, which parsers would otherwise turn into spaces. */
export function escapeAttribute(value: string): string {
  return stripForbidden(value).replace(/[&<>"\t\n\r]/g, (c) => entities[c]!);
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * XML 1.0 allows only tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000 and up; anything else
 * (control characters from server logs, lone surrogates) makes the whole file unreadable.
 * Terminal colour codes are dropped whole so no `[31m` remains.
 */
export function stripForbidden(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return value.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}
