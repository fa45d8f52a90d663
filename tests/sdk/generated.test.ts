import { readFileSync } from 'node:fs';
import { generate, loadContext } from '@graphql-codegen/cli';
import { errorCodes } from '@onetable/sdk';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';

const root = new URL('../..', import.meta.url).pathname;

describe('the generated SDK', () => {
  it('sdk/src/generated is what codegen.yml makes of schema/ (else: npm run codegen, and commit it)', async () => {
    const context = await loadContext(`${root}codegen.yml`);
    context.cwd = root;
    const outputs = (await generate(context, false)) as Array<{
      filename: string;
      content: string;
    }>;
    expect(outputs.map((output) => output.filename)).toEqual(['sdk/src/generated/graphql.ts']);
    for (const output of outputs) {
      const committed = readFileSync(`${root}${output.filename}`, 'utf8');
      expect(
        committed === output.content,
        `${output.filename} is stale: run \`npm run codegen\` and commit it`,
      ).toBe(true);
    }
  });

  it('knows every error code the hub sends', () => {
    const known = new Set<string>(errorCodes);
    expect(Object.values(ErrorCode).filter((code) => !known.has(code))).toEqual([]);
  });
});
