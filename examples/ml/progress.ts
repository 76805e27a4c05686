/**
 * A progress bar with Node's own TTY handling, no dependency: on a terminal one line is redrawn in
 * place (cursorTo + clearLine); in a pipe or a CI log, where redrawing would print every frame, a
 * few milestone lines are printed instead.
 */

export class Progress {
  readonly #tty: boolean;
  #lastDraw = 0;
  #nextMilestone = 0.25;

  constructor(
    readonly total: number,
    readonly stream: NodeJS.WriteStream = process.stdout,
    start = 0,
  ) {
    this.#tty = stream.isTTY;
    // A resumed run starts part way: its first milestone is the next one after `start`.
    while (this.#nextMilestone <= start / total) this.#nextMilestone += 0.25;
  }

  update(done: number, info: string): void {
    const fraction = done / this.total;
    if (this.#tty) {
      const now = Date.now();
      if (now - this.#lastDraw < 30 && done < this.total) return; // ~30 redraws a second is plenty
      this.#lastDraw = now;
      const width = Math.max(10, Math.min(30, (this.stream.columns || 80) - 50));
      const filled = Math.round(fraction * width);
      const tty = this.stream;
      tty.cursorTo(0);
      tty.clearLine(1);
      tty.write(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.#count(done)}  ${info}`);
    } else if (fraction >= this.#nextMilestone || done === this.total) {
      this.stream.write(`  ${this.#count(done)}  ${info}\n`);
      while (this.#nextMilestone <= fraction) this.#nextMilestone += 0.25;
    }
  }

  /** Ends the redrawn line so the next output starts on a fresh one. */
  finish(): void {
    if (this.#tty) this.stream.write('\n');
  }

  #count(done: number): string {
    return `${String(done).padStart(String(this.total).length)}/${this.total}`;
  }
}
