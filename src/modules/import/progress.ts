/** Reports how far an import got: a stage and a count out of a total. */
export type Progress = (stage: string, done: number, total: number) => void;

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second; nothing when stderr
 * is not a terminal (a log file or a pipe gets the summary only).
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  progress: Progress;
  done(): void;
} {
  if (!stream.isTTY) return { progress: () => {}, done: () => {} };
  let last = 0;
  let drawn = false;
  return {
    progress(stage, done, total) {
      const now = performance.now();
      if (done < total && now - last < 100) return;
      last = now;
      const share = total === 0 ? 1 : Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(share * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${stage} ${done}/${total}\u001b[K`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}
