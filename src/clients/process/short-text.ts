/** A program's answer quoted in an error: one line, at most `max` characters. */
export function shortText(text: string, max = 300): string {
  const line = JSON.stringify(text);
  return line.length <= max ? line : `${line.slice(0, max)}… (${text.length} characters)`;
}
