import { z } from 'zod'

/** A goal from the benchmark issue, and whether this run met it. */
export const targetSchema = z.object({
  text: z.string(),
  met: z.boolean(),
})

/** One measured number: what it is, its unit, and what it is compared with, where that applies. */
export const measurementSchema = z.object({
  figure: z.string(),
  metric: z.string(),
  value: z.number(),
  unit: z.string(),
  baseline: z.object({ name: z.string(), value: z.number(), unit: z.string() }).optional(),
  /** value / baseline.value. */
  ratio: z.number().optional(),
  target: targetSchema.optional(),
})
export type Measurement = z.infer<typeof measurementSchema>

export const benchResultsSchema = z.object({
  startedAt: z.string(),
  machine: z.object({ cpus: z.number().int(), cpuModel: z.string(), memoryGiB: z.number(), node: z.string(), platform: z.string() }),
  dataSet: z.object({
    organizations: z.number().int(),
    users: z.number().int(),
    tickets: z.number().int(),
    comments: z.number().int(),
    publicComments: z.number().int(),
    historyEntries: z.number().int(),
    changes: z.number().int(),
  }),
  measurements: z.array(measurementSchema),
  /** Correctness checks made along the way; a benchmark of a wrong answer measures nothing. */
  checks: z.object({ outboxExactlyOnce: z.boolean(), cacheComplete: z.boolean() }),
})
export type BenchResults = z.infer<typeof benchResultsSchema>

/** The value below which `share` of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], share: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

export function below(limit: number, unit: string): (value: number) => z.infer<typeof targetSchema> {
  return (value) => ({ text: `< ${limit} ${unit}`, met: value < limit })
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(round(value))
}

/** The results as a plain-text table for the terminal. */
export function resultsTable(results: BenchResults): string {
  const rows = results.measurements.map((measurement) => [
    measurement.figure,
    measurement.metric,
    `${formatNumber(measurement.value)} ${measurement.unit}`,
    measurement.baseline ? `${measurement.baseline.name}: ${formatNumber(measurement.baseline.value)} ${measurement.baseline.unit}` : '',
    measurement.ratio === undefined ? '' : `${round(measurement.ratio)}x`,
    measurement.target ? `${measurement.target.text} ${measurement.target.met ? 'met' : 'MISSED'}` : '',
  ])
  const header = ['figure', 'metric', 'value', 'baseline', 'ratio', 'target']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()
  const { dataSet, machine } = results
  return [
    `${dataSet.tickets.toLocaleString('en-US')} tickets, ${dataSet.comments.toLocaleString('en-US')} comments, ` +
      `${dataSet.historyEntries.toLocaleString('en-US')} history entries, ${dataSet.organizations} organizations; ` +
      `${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    `checks: outbox exactly once ${results.checks.outboxExactlyOnce ? 'yes' : 'NO'}, cache complete ${results.checks.cacheComplete ? 'yes' : 'NO'}`,
  ].join('\n')
}
