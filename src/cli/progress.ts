/**
 * A progress line for long CLI work: a redrawn bar on a terminal, an occasional plain line otherwise
 * (CI logs), always on stderr so stdout stays machine-readable.
 */
export interface Progress {
  update(done: number, detail?: string): void;
  finish(detail?: string): void;
}

export function createProgress(label: string, total: number | undefined, stream = process.stderr): Progress {
  const started = Date.now();
  const isTty = Boolean(stream.isTTY);
  let lastDraw = 0;
  const render = (done: number, detail = '') => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const pct = total ? Math.min(100, (done / total) * 100) : undefined;
    const bar =
      pct === undefined
        ? ''
        : `[${'#'.repeat(Math.round(pct / 4)).padEnd(25, '.')}] ${pct.toFixed(0).padStart(3)}% `;
    return `${label} ${bar}${done.toLocaleString('en-IN')}${total ? `/${total.toLocaleString('en-IN')}` : ''} (${rate.toLocaleString('en-IN')}/s) ${detail}`.trimEnd();
  };
  return {
    update(done, detail) {
      const now = Date.now();
      if (now - lastDraw < (isTty ? 100 : 5000)) return;
      lastDraw = now;
      stream.write(isTty ? `\r\x1b[2K${render(done, detail)}` : `${render(done, detail)}\n`);
    },
    finish(detail) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${isTty ? '\r\x1b[2K' : ''}${label} done in ${seconds}s${detail ? `: ${detail}` : ''}\n`);
    },
  };
}
