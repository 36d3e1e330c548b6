import type { Logger } from './context.js';

/** Shorter strings would scrub ordinary words; generated passwords are far longer. */
const minSecretLength = 6;

/**
 * The one scrubber: every text that leaves compatlab (logger, terminal reasons, test messages, reports) goes
 * through it. Server logs and driver errors echo statements, passwords included (PostgreSQL logs a failing
 * `CREATE ROLE … PASSWORD '…'` as a `STATEMENT:` line).
 */
export function scrubText(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= minSecretLength && out.includes(secret)) out = out.split(secret).join('***');
  return out;
}

/** A logger that scrubs every message before it reaches `logger`; `secrets` is read at each call, so later passwords count. */
export function scrubbingLogger(logger: Logger, secrets: Iterable<string>): Logger {
  return {
    info: (message) => logger.info(scrubText(message, secrets)),
    warn: (message) => logger.warn(scrubText(message, secrets)),
    progress: (message) => logger.progress(scrubText(message, secrets)),
  };
}
