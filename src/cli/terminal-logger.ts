import pc from 'picocolors';
import type { Logger } from '../core/context.js';

/** Writes to stderr; progress lines overwrite each other on a terminal and are throttled elsewhere. */
export function terminalLogger(stream: NodeJS.WriteStream = process.stderr): Logger & { clearProgress(): void } {
  let progressShown = false;
  let lastPlainProgress = 0;
  const clearProgress = () => {
    if (progressShown) stream.write('\r\x1b[2K');
    progressShown = false;
  };
  const line = (text: string) => {
    clearProgress();
    stream.write(`${text}\n`);
  };
  return {
    info: line,
    warn: (message) => line(pc.yellow(message)),
    progress(message) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${pc.dim(message)}`);
        progressShown = true;
      } else if (Date.now() - lastPlainProgress > 2000) {
        lastPlainProgress = Date.now();
        stream.write(`${message}\n`);
      }
    },
    clearProgress,
  };
}
