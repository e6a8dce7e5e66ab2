/**
 * What the Slack bot does after it has answered Slack: each event's listeners and each relay run. Slack wants its
 * answer within 3 seconds, so the work outlives the request; tests and shutdown wait for it here instead of sleeping.
 */
export class PendingWork {
  private readonly running = new Set<Promise<void>>()
  private readonly failures: unknown[] = []

  constructor(private readonly log: (error: unknown) => void) {}

  track(work: Promise<unknown>): void {
    const settled: Promise<void> = work
      .then(
        () => undefined,
        (error: unknown) => this.fail(error),
      )
      .finally(() => this.running.delete(settled))
    this.running.add(settled)
  }

  /** Logs a failure that was caught so that the rest could go on, and keeps it for `settled`. */
  fail(error: unknown): void {
    this.log(error)
    this.failures.push(error)
  }

  /** Waits until nothing is running, including work started meanwhile; throws what failed since the last call. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running)
    const failures = this.failures.splice(0)
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} Slack job(s) failed`)
  }
}
