/**
 * Wording shared by every format. Functions that put values in the text take `code`, the format's
 * way to mark a literal (markdown backticks, HTML <code>, nothing in JUnit); the words around it
 * contain no markup, so each format only escapes what it passes in.
 */
import type {
  UncheckedKnownFailure,
  CellResult,
  CellStatus,
  EffectiveSetting,
  ObservedError,
  Report,
  ServerOrigin,
  StepEvidence,
  StepResult,
} from '../core/report.js';
import { cellStatuses } from '../core/report.js';

export type Code = (literal: string) => string;

export const statusEmoji: Record<CellStatus, string> = {
  pass: '✅',
  fail: '❌',
  'known-fail': '⚠️',
  flaky: '🔁',
  error: '💥',
  skipped: '⏭️',
};

export function statusLabel(status: CellStatus): string {
  return `${statusEmoji[status]} ${status}`;
}

/** `✅ 3 pass · ❌ 1 fail · …` in the fixed status order; `flaky` only in runs that can have it. */
export function summaryCounts(summary: Report['summary']): string {
  return shownStatuses(summary)
    .map((s) => `${statusEmoji[s]} ${summary[s]} ${s}`)
    .join(' · ');
}

export function shownStatuses(summary: Report['summary']): CellStatus[] {
  return cellStatuses.filter((s) => s !== 'flaky' || (summary.flaky ?? 0) > 0);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** `2026-11-20 14:03 UTC`: the same text wherever the report is rendered. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `tls.mode=disable, serverPublicKey=none`; nested objects become dotted keys. */
export function summarizeSettings(settings: object | undefined): string {
  const pairs = flatten(settings ?? {});
  return pairs.length === 0 ? 'defaults' : pairs.join(', ');
}

function flatten(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]: [string, unknown]) => {
    if (v === undefined) return [];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return flatten(v, `${prefix}${key}.`);
    return [`${prefix}${key}=${typeof v === 'string' ? v : JSON.stringify(v)}`];
  });
}

/** Runs of whitespace, line breaks included, as one space: for reasons and notes in running text. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * One line of at most about `max` characters. The middle goes: errors tend to put the context
 * first and the cause last (`… reported error: Authentication requires secure connection.`).
 */
export function shorten(text: string, max = 100): string {
  const line = oneLine(text);
  if (line.length <= max) return line;
  const head = line.slice(0, Math.ceil(max * 0.4));
  const tail = line.slice(line.length - Math.floor(max * 0.6) + 2);
  const headCut = head.lastIndexOf(' ');
  const tailCut = tail.indexOf(' ');
  const start = headCut > head.length * 0.4 ? head.slice(0, headCut) : head;
  const end = tailCut !== -1 && tailCut < tail.length * 0.3 ? tail.slice(tailCut + 1) : tail;
  return `${start} … ${end}`;
}

export function describeExpected(expected: StepResult['expected'], code: Code): string {
  if (expected.ok) return 'ok';
  const { error } = expected;
  if (typeof error === 'string') return `error matching ${code(error)}`;
  const parts = [
    error.code === undefined ? undefined : `code ${code(error.code)}`,
    error.message === undefined ? undefined : `message matching ${code(error.message)}`,
  ].filter((p) => p !== undefined);
  return `error with ${parts.join(' and ')}`;
}

/** The full error, for detail sections: `error EPROTO: message`. */
export function describeObserved(outcome: StepResult['outcome'], code: Code): string {
  if (outcome.ok) return 'ok';
  if (!outcome.error) return 'error (no message)';
  return `error ${outcome.error.code === undefined ? '' : `${code(outcome.error.code)}: `}${code(outcome.error.message.trim())}`;
}

/** The short form for table cells: code and the first ~80 characters of the message. */
export function briefError(error: ObservedError | undefined, code: Code): { code: string | undefined; message: string } {
  if (!error) return { code: undefined, message: 'failed' };
  const message = error.message
    // Node repeats the code it already gave: `write EPROTO …`, `connect ECONNREFUSED …`.
    .replace(error.code === undefined ? /^$/ : new RegExp(`^(\\w+ )?${escapeRegExp(error.code)}\\b:? ?`), '')
    // OpenSSL wraps the words in a thread id, an error number and a source location; the details keep them.
    .replace(/\b[0-9A-F]{8,}:error:[0-9A-F]{8}:/, '')
    .replace(/:[^:\s]+\.c:\d+:/, ':');
  return { code: error.code === undefined ? undefined : code(error.code), message: shorten(message) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `TLS TLSv1.2, cipher X, session reused: no; auth path full-auth-tls (plugin caching_sha2_password)`. */
export function describeEvidence(evidence: StepEvidence, code: Code): string | undefined {
  const parts: string[] = [];
  const { tls, auth } = evidence;
  if (tls) {
    const offered =
      tls.resumedFrom === undefined
        ? ''
        : tls.sessionOffered === false
          ? `, had no session of ${code(tls.resumedFrom)} to offer`
          : `, offered the session of ${code(tls.resumedFrom)}`;
    const negotiated =
      tls.protocol === null
        ? 'no TLS negotiated'
        : `TLS ${code(tls.protocol)}${tls.cipher === undefined ? '' : `, cipher ${code(tls.cipher)}`}, session reused: ${tls.sessionReused ? 'yes' : 'no'}`;
    parts.push(`${negotiated}${offered}`);
  }
  if (auth) parts.push(`auth path ${code(auth.path)}${auth.plugin === undefined ? '' : ` (plugin ${code(auth.plugin)})`}`);
  if (evidence.driverConfig) parts.push(`driver config ${code(JSON.stringify(evidence.driverConfig))}`);
  for (const s of evidence.statements ?? []) {
    const result = s.ok ? 'ok' : `failed${s.error?.code === undefined ? '' : ` ${code(s.error.code)}`}`;
    const rows =
      s.rowCount === undefined
        ? ''
        : `, ${s.rowCount} ${s.rowCount === 1 ? 'row' : 'rows'}${s.rowCount > (s.rows?.length ?? 0) ? ` (the first ${s.rows?.length ?? 0} kept)` : ''}`;
    parts.push(`ran ${code(shorten(oneLine(s.sql), 80))}: ${result}${rows} (${formatDuration(s.durationMs)})`);
  }
  if (evidence.deadline) {
    parts.push(
      `still running at the deadline (${formatDuration(evidence.deadline.ms)}): ${code(shorten(oneLine(evidence.deadline.running), 80))}`,
    );
  }
  if (evidence.rows) {
    parts.push(
      `rows expected ${code(JSON.stringify(evidence.rows.expected))}, returned ${code(JSON.stringify(evidence.rows.returned ?? null))}`,
    );
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** `pg 8.7.3 as pg@8.7.3 (npm registry, cached in …), default settings`. */
export function describeClient(client: CellResult['client'], code: Code, text: (s: string) => string): string {
  const origin = client.origin === undefined ? '' : ` (${text(client.origin)})`;
  const runtime = client.runtime === undefined ? '' : ` on ${text(client.runtime)}`;
  return `${code(client.driver)} ${text(client.version ?? '(version unknown)')} as ${code(client.label)}${origin}${runtime}, ${settingsPhrase(client.settings, code)}`;
}

/** A client label with the version that ran when the label does not say it: `pg (8.23.1)`, `pg@8.7.3`. */
export function clientWithVersion(client: CellResult['client']): string {
  const { label, version } = client;
  return version === undefined || label.endsWith(`@${version}`) ? label : `${label} (${version})`;
}

/** Settings as running text: `settings tls.mode=disable` or `default settings`. */
export function settingsPhrase(settings: object, code: Code): string {
  const summary = summarizeSettings(settings);
  return summary === 'defaults' ? 'default settings' : `settings ${code(summary)}`;
}

/** A declared known failure means something different when the cell did not fail that way. */
export function knownFailureLabel(status: CellStatus): string {
  if (status === 'known-fail') return 'Known failure';
  if (status === 'pass') return 'Known failure declared, but the cell passed';
  return 'Known failure declared, but this is a different failure';
}

/** `local runtime, package X, binary Y` or `docker runtime, image X (sha256:…)`. */
export function describeOrigin(origin: ServerOrigin, code: Code): string {
  const parts =
    origin.runtime === 'docker'
      ? [origin.image && `image ${code(origin.image)}${origin.imageId ? ` (${code(origin.imageId)})` : ''}`, origin.data]
      : [origin.package && `package ${code(origin.package)}`, origin.binary && `binary ${code(origin.binary)}`];
  return [`${origin.runtime} runtime`, ...parts.filter((p) => p)].join(', ');
}

export function describeServerTls(tls: CellResult['server']['tls']): string {
  return tls.enabled ? `TLS on${tls.clientCa ? ', asks for client certificates' : ''}` : 'TLS off';
}

/** The configuration the server reported, each setting with who set it: `ssl_cert_file=/tls/server.crt (compatlab)`. */
export function describeEffective(effective: EffectiveSetting[] | undefined, code: Code): string | undefined {
  if (!effective || effective.length === 0) return undefined;
  return effective
    .map(({ name, value, setBy }) => `${code(`${name}=${Array.isArray(value) ? value.join(' | ') : value}`)} (${setBy})`)
    .join(', ');
}

/** How a step went, for markers: unmet steps of a known failure are expected to be unmet. */
export function stepMark(step: StepResult, status: CellStatus): string {
  if (step.met) return '✅';
  return status === 'known-fail' ? statusEmoji['known-fail'] : statusEmoji.fail;
}

export function stepTitle(step: StepResult): string {
  return step.name ?? step.kind;
}

/** What a table cell adds to `ok`: how the client got in (auth path, resumed TLS session). */
export function okNote(evidence: StepEvidence): string {
  const notes = [evidence.auth?.path, evidence.tls?.sessionReused ? 'TLS session resumed' : undefined].filter(Boolean);
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}

const shortClass = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/** For table cells: `PSQLException ← SSLException: Received fatal alert: internal_error` (each cause's class and message). */
export function briefChain(error: ObservedError | undefined): string | undefined {
  if (error?.exceptionClass === undefined) return undefined;
  const causes = (error.causes ?? []).map((c) => `${shortClass(c.exceptionClass)}${c.message ? `: ${shorten(c.message, 80)}` : ''}`);
  return [shortClass(error.exceptionClass), ...causes].join(' ← ');
}

/** For detail sections: the SQLSTATE, then the exception and each cause with its full class name and message. */
export function describeChain(error: ObservedError | undefined, code: Code): string[] {
  if (!error) return [];
  const identity = [
    error.serverCode === undefined ? undefined : `server error ${code(String(error.serverCode))}`,
    error.sqlState === undefined ? undefined : `SQLSTATE ${code(error.sqlState)}`,
    error.routine === undefined ? undefined : `routine ${code(error.routine)}`,
  ].filter((part) => part !== undefined);
  const lines = identity.length === 0 ? [] : [identity.join(', ')];
  if (error.exceptionClass !== undefined) lines.push(`exception ${code(error.exceptionClass)}`);
  for (const cause of error.causes ?? []) {
    const via = cause.via === undefined ? '' : ` (from ${cause.via})`;
    lines.push(`caused by ${code(cause.exceptionClass)}${via}${cause.message ? `: ${code(oneLine(cause.message))}` : ''}`);
  }
  return lines;
}

/** The matrices' titles, and what the command line changed about them. */
export function reportTitle(report: Report): string {
  const titles = report.matrices.map((m) => m.title).join(' · ') || 'compatlab report';
  const notes = [
    report.serversReplacedBy ? `servers replaced by --server ${report.serversReplacedBy.join(', ')}` : '',
    report.shard ? `shard ${report.shard.index}/${report.shard.count}` : '',
    report.repeat ? `each cell ${report.repeat.runs} times${report.repeat.freshServer ? ', fresh servers' : ''}` : '',
  ].filter(Boolean);
  return notes.length > 0 ? `${titles} (${notes.join('; ')})` : titles;
}

/** Skipped cells by reason, most frequent first: one line per reason instead of one per cell. */
export function skippedByReason(cells: CellResult[]): { reason: string; cells: CellResult[] }[] {
  const groups = new Map<string, CellResult[]>();
  for (const cell of cells.filter((c) => c.status === 'skipped')) {
    const reason = oneLine(cell.reason ?? 'no reason given');
    groups.set(reason, [...(groups.get(reason) ?? []), cell]);
  }
  return [...groups.entries()].map(([reason, list]) => ({ reason, cells: list })).sort((a, b) => b.cells.length - a.cells.length);
}

/** `passed 2 of 3 runs` for a repeated cell. */
export function repeatNote(cell: CellResult): string | undefined {
  return cell.repeats && cell.repeats.runs > 1 ? `passed ${cell.repeats.passes} of ${cell.repeats.runs} runs` : undefined;
}

/** `matrix/m.yaml knownFailures[0] (https://…) was checked by no cell: its cell was skipped: …`. */
export function uncheckedKnownFailureLine(known: UncheckedKnownFailure, code: Code = (s) => s, text = (s: string) => s): string {
  return `${code(`${known.matrixFile} knownFailures[${known.index}]`)} (${text(known.link)}) was checked by no cell: ${text(known.why)}`;
}
