import { setTimeout as sleep } from 'node:timers/promises';

/** The server's log as it is written; steps take the lines written while they ran. */
export class ServerLog {
  private readonly lines: string[] = [];
  private partial = '';
  private lastWrite = 0;

  /** Feeds raw output; splits it into lines. */
  write(chunk: string | Buffer): void {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) if (line.trim() !== '') this.lines.push(line);
    this.lastWrite = Date.now();
  }

  mark(): number {
    return this.lines.length;
  }

  since(mark: number): string[] {
    return this.lines.slice(mark);
  }

  all(): string[] {
    return [...this.lines];
  }

  /**
   * Servers log an event just after the client sees it (a rejected handshake, say): wait a moment,
   * then until the log has been quiet for a while.
   */
  async settle(minMs = 50, quietMs = 20, maxMs = 500): Promise<void> {
    const started = Date.now();
    await sleep(minMs);
    while (Date.now() - started < maxMs && Date.now() - this.lastWrite < quietMs) await sleep(10);
  }

  /** Resolves once `times` lines after `fromMark` match, rejects after `timeoutMs` or when aborted. */
  async waitFor(pattern: RegExp, fromMark: number, timeoutMs: number, signal?: AbortSignal, times = 1): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.slice(fromMark).filter((line) => pattern.test(line)).length < times) {
      signal?.throwIfAborted();
      if (Date.now() > deadline) throw new Error(`no "${pattern.source}" in the log within ${timeoutMs / 1000} s`);
      await sleep(20);
    }
  }
}
