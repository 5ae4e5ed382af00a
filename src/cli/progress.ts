import type { PartitionResult } from '../engine/summary.js';

/**
 * A one-line live display for terminals: partitions done of planned, rows, rows per second,
 * throttled calls and partitions not completed. Redrawn at most every 100 ms; plain logs are used when not on a TTY.
 * Reading starts while accounts are still being discovered: until a source's plan is complete
 * the planned count grows and is shown with a `+` (`partitions 12/340+`).
 */
export class Progress {
  private readonly plans = new Map<string, number>();
  private planning = false;
  private planned = 0;
  private done = 0;
  private rows = 0;
  private problems = 0;
  private throttles = 0;
  private readonly started = performance.now();
  private last = 0;

  constructor(private readonly out: NodeJS.WriteStream) {}

  /** A source's plan so far: its running total of partitions, and whether every account is planned. */
  plan(partitions: number, source = '', complete = true): void {
    this.plans.set(source, partitions);
    this.planned = [...this.plans.values()].reduce((a, b) => a + b, 0);
    this.planning = !complete;
    this.draw(complete);
  }

  partition(result: PartitionResult): void {
    this.done += 1;
    this.rows += result.rows;
    this.throttles += result.throttles;
    if (result.status !== 'ok') this.problems += 1;
    this.draw(false);
  }

  line(): string {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.rows / seconds) : 0;
    const problems = this.problems > 0 ? `  ${this.problems} skipped or failed` : '';
    return `partitions ${this.done}/${this.planned}${this.planning ? '+' : ''}  rows ${this.rows}  ${rate} rows/s  throttles ${this.throttles}${problems}`;
  }

  private draw(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.last < 100 && (this.planning || this.done < this.planned)) return;
    this.last = now;
    this.out.write(`\r\u001b[2K${this.line()}`);
  }

  /** Leaves the last state on its own line before the summary is printed. */
  finish(): void {
    this.out.write(`\r\u001b[2K${this.line()}\n`);
  }
}
