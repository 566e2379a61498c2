/**
 * A progress bar on stderr for long command-line work: count, percentage, rate, ETA and
 * free text (loss terms, file names). On a terminal it redraws one line; elsewhere (CI
 * logs, pipes) it prints a plain line at most every few seconds so logs stay readable.
 */
export interface Progress {
  /** Advance by `n` (default 1) and optionally replace the detail text. */
  tick(n?: number, detail?: string): void;
  /** Replace the detail text without advancing. */
  detail(text: string): void;
  /** Print the final state and a newline. */
  done(message?: string): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

export function progress(label: string, total: number, opts: { unit?: string; stream?: NodeJS.WriteStream; plainEveryMs?: number } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const tty = !!stream.isTTY;
  const unit = opts.unit ?? 'items';
  const started = Date.now();
  let count = 0;
  let text = '';
  let lastPlain = 0;
  let lastTty = 0;
  const render = (final = false) => {
    // Redrawing costs more than a fast loop's step: at most ~10 redraws a second.
    if (tty && !final && Date.now() - lastTty < 100) return;
    lastTty = Date.now();
    const elapsed = (Date.now() - started) / 1000;
    // A rate from the first fraction of a second is noise (1 item in 1 ms = 1000/s): wait.
    const rate = elapsed >= 0.5 ? count / elapsed : 0;
    const eta = rate > 0 ? (total - count) / rate : NaN;
    const frac = total > 0 ? Math.min(1, count / total) : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const rateText = rate === 0 ? '--' : rate >= 10 ? rate.toFixed(0) : rate.toFixed(2);
    const line = `${label} ${bar} ${count}/${total} ${(frac * 100).toFixed(0)}% ${rateText} ${unit}/s ${final ? `in ${formatDuration(elapsed)}` : `ETA ${formatDuration(eta)}`}${text ? `  ${text}` : ''}`;
    if (tty) {
      const cols = stream.columns || 120;
      stream.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, line.length))}\x1b[K${final ? '\n' : ''}`);
    } else if (final || Date.now() - lastPlain >= (opts.plainEveryMs ?? 5000)) {
      lastPlain = Date.now();
      stream.write(line + '\n');
    }
  };
  return {
    tick(n = 1, detail?: string) {
      count += n;
      if (detail !== undefined) text = detail;
      render();
    },
    detail(t: string) {
      text = t;
      render();
    },
    done(message?: string) {
      if (message !== undefined) text = message;
      render(true);
    },
  };
}
