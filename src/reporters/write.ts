/** Renders every format into a run directory and points `latest` at it. */
import { cp, lstat, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../core/make-dir.js';
import path from 'node:path';
import type { Report } from '../core/report.js';
import { isReportFormat, reportFormats, reporters, type ReportFormat } from './index.js';

export interface WriteOptions {
  formats?: ReportFormat[];
  /** A path such as `reports/latest` to point at `dir` afterwards. */
  latestLink?: string;
}

export interface WriteResult {
  /** Paths of the files written. */
  written: string[];
  /** Formats that could not be rendered or written (`latest-link` when the link failed); the caller prints them. */
  failures: { format: string; error: unknown }[];
}

export async function writeReports(report: Report, dir: string, options: WriteOptions = {}): Promise<WriteResult> {
  await makeDirectory(dir);
  const written: string[] = [];
  const failures: WriteResult['failures'] = [];
  for (const format of options.formats ?? reportFormats) {
    // One broken format must not cost the others.
    try {
      if (!isReportFormat(format)) throw new Error(`unknown report format "${String(format)}"; known: ${reportFormats.join(', ')}`);
      const { fileName } = reporters[format];
      const file = path.join(dir, fileName);
      await writeFile(file, reporters[format].render(report)).catch(async (error: unknown) => {
        // A full disk leaves a truncated file that looks like a report: remove it.
        await rm(file, { force: true });
        throw error;
      });
      written.push(file);
    } catch (error) {
      failures.push({ format, error });
    }
  }
  if (options.latestLink !== undefined) {
    try {
      await pointAt(options.latestLink, dir);
    } catch (error) {
      failures.push({ format: 'latest-link', error });
    }
  }
  return { written, failures };
}

/** Makes `link` a symlink to `dir` without a moment where it is missing; copies where symlinks fail. */
async function pointAt(link: string, dir: string): Promise<void> {
  await makeDirectory(path.dirname(link));
  // Relative, so the reports folder can be moved or mounted elsewhere.
  const target = path.relative(path.dirname(path.resolve(link)), path.resolve(dir)) || '.';
  const temp = `${link}.tmp-${process.pid}-${Date.now()}`;
  try {
    await symlink(target, temp, 'dir');
  } catch {
    // Windows without the symlink privilege.
    await rm(link, { recursive: true, force: true });
    await cp(dir, link, { recursive: true });
    return;
  }
  try {
    await rename(temp, link);
  } catch (error) {
    // A real directory (left by the copy fallback) cannot be replaced by rename.
    if (!(await isRealDirectory(link))) {
      await rm(temp, { force: true });
      throw error;
    }
    await rm(link, { recursive: true, force: true });
    await rename(temp, link);
  }
}

async function isRealDirectory(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isDirectory();
  } catch {
    return false;
  }
}
