/** Every report format by name: the file it is written to and its pure renderer. */
import type { Report } from '../core/report.js';
import * as html from './html.js';
import * as json from './json.js';
import * as junit from './junit.js';
import * as markdown from './markdown.js';

export const reportFormats = ['json', 'markdown', 'html', 'junit'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface Reporter {
  fileName: string;
  render(report: Report): string;
}

export const reporters: Record<ReportFormat, Reporter> = {
  json: { fileName: 'report.json', render: json.render },
  markdown: { fileName: 'report.md', render: markdown.render },
  html: { fileName: 'report.html', render: html.render },
  junit: { fileName: 'junit.xml', render: junit.render },
};

export function isReportFormat(name: string): name is ReportFormat {
  return (reportFormats as readonly string[]).includes(name);
}
