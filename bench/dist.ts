/**
 * Loads a compiled server module from dist/ (the code `onetable serve` runs), typed as its source
 * module. The benchmark's OneTable variants use these rather than src/ through tsx, so that every
 * OneTable process of a run executes the same build, whatever is being edited in src/ meanwhile.
 */
export function fromDist<T>(module: string): Promise<T> {
  return import(new URL(`../dist/${module}`, import.meta.url).href) as Promise<T>;
}
