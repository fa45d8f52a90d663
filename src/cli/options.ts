import { InvalidArgumentError } from 'commander';

/** Commander parser for a whole number option such as `--residents 100000`. */
export function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0)
    throw new InvalidArgumentError('expected a whole number');
  return number;
}

/** Prints seeding progress to stderr, at most every half second and at each stage's end. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  return (done: number, total: number, stage: string) => {
    const now = performance.now();
    if (done < total && now - last < 500) return;
    last = now;
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    stream.write(`seed: ${stage} ${done}/${total} (${percent}%)\n`);
  };
}
