/** Labels on every container compatlab starts, so `compatlab clean` can find leftovers. */
export const labels = {
  run: 'dev.compatlab.run',
  server: 'dev.compatlab.server',
  /** The compatlab process that started the container: gone means the container is a leftover. */
  pid: 'dev.compatlab.pid',
} as const;

export function containerLabels(runId: string, serverLabel: string): Record<string, string> {
  return { [labels.run]: runId, [labels.server]: serverLabel, [labels.pid]: String(process.pid) };
}
