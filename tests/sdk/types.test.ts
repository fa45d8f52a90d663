import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const config = new URL('./types/tsconfig.json', import.meta.url).pathname;
const file = new URL('./types/wrong-uses.ts', import.meta.url).pathname;
const directive = /^\s*\/\/ @ts-expect-error\b.*$/gm;

/** Type-checks types/wrong-uses.ts like `tsc --noEmit -p types/tsconfig.json`, optionally without its directives. */
function check(withoutDirectives: boolean) {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    config,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${config}`);
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    withoutDirectives && name === file
      ? ts.createSourceFile(name, readFileSync(file, 'utf8').replace(directive, ''), language)
      : read(name, language, ...rest);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ({
    file: diagnostic.file?.fileName,
    line:
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
        : 0,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  }));
}

describe('the SDK types bite', () => {
  it('type-checks the wrong uses only because each one is marked @ts-expect-error', () => {
    expect(check(false)).toEqual([]);
  });

  it('reports an error on exactly the line after each @ts-expect-error once the directives are gone', () => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const expected = lines.flatMap((line, index) =>
      /^\s*\/\/ @ts-expect-error\b/.test(line) ? [index + 2] : [],
    );
    expect(expected.length).toBeGreaterThanOrEqual(12);
    const errors = check(true);
    expect(errors.every((error) => error.file === file)).toBe(true);
    expect([...new Set(errors.map((error) => error.line))]).toEqual(expected);
  });
});
