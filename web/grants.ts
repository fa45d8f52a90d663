import { gql } from './gql.js';
import { needs } from './catalogue.js';

/**
 * The caller's own grants (viewerAccess), so the report builder offers only what they allow and
 * says why the rest is not offered, before the hub would refuse it (rule GRANT).
 */
export interface Grant {
  typeName: string;
  fieldName: string;
  level: 'FULL' | 'MASKED' | 'AGGREGATE' | 'NONE';
  taskCodes: string[];
}

export async function loadGrants(): Promise<Grant[] | null> {
  try {
    const { data } = await gql<{ viewerAccess: { grants: Grant[] } }>('WebViewerAccess');
    return data.viewerAccess.grants;
  } catch {
    return null;
  }
}

/** Why the grants leave an item out (under this purpose), or null when they allow it. */
export function grantRefusal(grants: Grant[] | null, purpose: string, item: string): string | null {
  const field = needs[item];
  if (!grants || !field) return null;
  const grant = grants.find((g) => `${g.typeName}.${g.fieldName}` === field);
  const level = grant?.level ?? 'NONE';
  if (level === 'NONE')
    return `需要 ${field} 的 AGGREGATE 授权 (GRANT: needs AGGREGATE on ${field}; this section has NONE)`;
  if (grant && grant.taskCodes.length > 0 && !grant.taskCodes.includes(purpose))
    return `${field} 的授权只在任务 ${grant.taskCodes.join(', ')} 下有效 (GRANT: on ${field} only under ${grant.taskCodes.join(', ')})`;
  return null;
}
