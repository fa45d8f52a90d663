/** Edit distance (insertions, deletions, substitutions) between two codes. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}

/** The known code nearest to a mistyped one, if it is near enough to be what was meant. */
export function nearestCode(code: string, known: readonly string[]): string | null {
  const wanted = code.trim().toLowerCase();
  let best: { code: string; distance: number } | null = null;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    // A unique code that contains what was typed ("civil" → "civil-affairs") is a good guess too.
    const d = lower.includes(wanted) && wanted.length >= 3 ? 1 : distance(wanted, lower);
    if (!best || d < best.distance) best = { code: candidate, distance: d };
  }
  return best && best.distance <= Math.max(2, Math.floor(wanted.length / 3)) ? best.code : null;
}

/** "unknown section "x"; did you mean "y"?" with a pointer to the listing command. */
export function unknownCodeMessage(
  what: 'section' | 'community',
  code: string,
  known: readonly string[],
): string {
  const near = nearestCode(code, known);
  const list = what === 'section' ? 'onetable sections' : 'onetable communities';
  return `unknown ${what} "${code}"${near ? `; did you mean "${near}"?` : ''} (${list} lists them)`;
}
