import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, type GraphQLSchema, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import type { Context } from '../context.js';
import { AppError, ErrorCode } from '../errors.js';
import { purposeRequired } from './access.js';
import { decideFields } from './field-guard.js';
import { needsPurpose } from './policy.js';

/** The personal fields a document selects, found statically before anything runs. */
const analysed = new WeakMap<DocumentNode, Set<string>>();

export function personalFieldsIn(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  // Apollo keeps one parsed document per query text, so the walk runs once per document, not per request.
  let found = analysed.get(document);
  if (!found) analysed.set(document, (found = walkPersonalFields(schema, document)));
  return found;
}

function walkPersonalFields(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        if (needsPurpose(parent.name, node.name.value))
          found.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return found;
}

/** PURPOSE_NOT_ALLOWED, refused by the task list (`extensions.rule: TASK_LIST`). */
export function purposeNotAllowed(message: string): AppError {
  return new AppError(ErrorCode.PURPOSE_NOT_ALLOWED, message, {
    rule: 'TASK_LIST',
    http: { status: 403 },
  });
}

/** Whether the section owns the task or is listed as assisting it (latest year on the list). */
export async function purposeAllowed(ctx: Context, code: string): Promise<boolean> {
  // The request's own purpose was loaded with the grants (one statement fewer per request).
  if (code === ctx.access.purpose) return ctx.access.purposeAllowed();
  const task = await ctx.unscoped.task.findFirst({
    where: { code },
    orderBy: { year: 'desc' },
    select: {
      sectionId: true,
      assists: { where: { sectionId: ctx.principal.section.id }, select: { sectionId: true } },
    },
  });
  return task !== null && (task.sectionId === ctx.principal.section.id || task.assists.length > 0);
}

/**
 * The purpose rule, before execution: a request that selects personal data must name a task in
 * X-Purpose (PURPOSE_REQUIRED), and a named task must be one the section is responsible for or
 * assists with (PURPOSE_NOT_ALLOWED).
 */
export function purposePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, document, schema }) {
          const personal = personalFieldsIn(schema, document);
          if (ctx.purpose !== null) {
            if (!(await purposeAllowed(ctx, ctx.purpose))) {
              throw purposeNotAllowed(
                `task ${ctx.purpose} is not one this section is responsible for or assists with`,
              );
            }
            await decideFields(ctx, personal);
            return;
          }
          if (personal.size > 0) throw purposeRequired();
        },
      };
    },
  };
}
