import type { PrismaClient } from '../db/client.js';
import type { AccessCache } from './cache.js';
import { AppError, ErrorCode } from '../errors.js';
import type { AccessLevel } from '../generated/prisma/enums.js';
import { tagGrantType } from './fields.js';
import type { Principal } from './principal.js';

const rank: Record<AccessLevel, number> = { NONE: 0, AGGREGATE: 1, MASKED: 2, FULL: 3 };

/** True when `level` is at least `needed`. */
export function atLeast(level: AccessLevel, needed: AccessLevel): boolean {
  return rank[level] >= rank[needed];
}

interface Loaded {
  grants: Map<string, { level: AccessLevel; taskCodes: string[] }>;
  /** Communities in the jurisdiction; null means the whole district. */
  communityIds: number[] | null;
  /** What the purpose's task may use (latest year on the list); null without a purpose. */
  task: TaskBounds | null;
}

/** What Access.load's statement returns (JSON columns, parsed by the driver). */
interface LoadedRow {
  grants: Array<{ key: string; level: AccessLevel; taskCodes: string[] }>;
  communities: number[];
  task: { fields: string[]; datasets: string[]; allowed: boolean } | null;
}

/** The fields (`Type.field`, `Tag.<code>`) and report datasets a task of the list may use. */
export interface TaskBounds {
  fields: Set<string>;
  datasets: Set<string>;
  /** Whether the section owns the task or is listed as assisting it. */
  allowed: boolean;
}

/** Which rule refused a use of personal data: `extensions.rule` of the FORBIDDEN error. */
export type RefusalRule = 'GRANT' | 'TASK_FIELDS' | 'TASK_DATASETS' | 'DISCLOSURE';

/**
 * What one principal may see in one request: its section's grants (the grant table is the only
 * source of truth; read once per request, or from the access cache, which a change drops on every
 * process, so a change holds from the next request on) and its jurisdiction.
 */
export class Access {
  private loaded?: Promise<Loaded>;
  private ready?: Loaded;

  constructor(
    private readonly db: PrismaClient,
    readonly principal: Principal,
    readonly purpose: string | null,
    private readonly cache?: AccessCache,
  ) {}

  /**
   * One statement per request (it runs on every request, so each round trip counts): the
   * section's grants, the communities of a street office's jurisdiction, and the purpose's task
   * (latest year on the list) with whether this section owns or assists it.
   */
  load(): Promise<Loaded> {
    const key = `access:${this.principal.section.id}:${this.purpose ?? ''}`;
    this.loaded ??= (this.cache ? this.cache.get(key, () => this.read()) : this.read()).then(
      (loaded) => (this.ready = loaded),
    );
    return this.loaded;
  }

  private read(): Promise<Loaded> {
    return (async () => {
      const section = this.principal.section;
      const [row] = await this.db.$queryRaw<[LoadedRow]>`
        SELECT
          (SELECT coalesce(json_agg(json_build_object('key', g.type_name || '.' || g.field_name, 'level', g.level, 'taskCodes', g.task_codes)), '[]')
             FROM field_grant g WHERE g.section_id = ${section.id}) AS grants,
          (SELECT coalesce(json_agg(c.id), '[]') FROM community c
             WHERE ${section.level === 'SUBDISTRICT'} AND c.subdistrict_id = ${section.subdistrictId ?? -1}) AS communities,
          (SELECT json_build_object('fields', t.fields, 'datasets', t.datasets, 'allowed', t.section_id = ${section.id}
                    OR EXISTS (SELECT 1 FROM task_assist a WHERE a.task_id = t.id AND a.section_id = ${section.id}))
             FROM task t WHERE t.code = ${this.purpose} ORDER BY t.year DESC LIMIT 1) AS task`;
      return {
        grants: new Map(row.grants.map((g) => [g.key, g])),
        communityIds:
          section.level === 'DISTRICT'
            ? null
            : section.level === 'COMMUNITY'
              ? [section.communityId ?? -1]
              : row.communities,
        task:
          this.purpose === null
            ? null
            : {
                fields: new Set(row.task?.fields ?? []),
                datasets: new Set(row.task?.datasets ?? []),
                allowed: row.task?.allowed ?? false,
              },
      };
    })();
  }

  /** The section's level on a field under this request's purpose; no grant means NONE. */
  async level(typeName: string, fieldName: string): Promise<AccessLevel> {
    return this.levelIn(this.ready ?? (await this.load()), typeName, fieldName);
  }

  /** The same, without waiting: once the grants are loaded every row can be decided synchronously. */
  levelNow(typeName: string, fieldName: string): AccessLevel | undefined {
    return this.ready && this.levelIn(this.ready, typeName, fieldName);
  }

  /** NONE outside the purpose's task fields (the task list bounds each purpose), else the grant. */
  private levelIn(loaded: Loaded, typeName: string, fieldName: string): AccessLevel {
    if (loaded.task && !loaded.task.fields.has(`${typeName}.${fieldName}`)) return 'NONE';
    const grant = loaded.grants.get(`${typeName}.${fieldName}`);
    if (!grant) return 'NONE';
    if (grant.taskCodes.length > 0 && (!this.purpose || !grant.taskCodes.includes(this.purpose)))
      return 'NONE';
    return grant.level;
  }

  async tagLevel(tagCode: string, sensitive: boolean): Promise<AccessLevel> {
    return sensitive ? this.level(tagGrantType, tagCode) : 'FULL';
  }

  tagLevelNow(tagCode: string, sensitive: boolean): AccessLevel | undefined {
    return sensitive ? this.levelNow(tagGrantType, tagCode) : 'FULL';
  }

  /** The sensitive tags this request may read (at least MASKED on `Tag.<code>`): only granted ones can be. */
  async readableTagCodes(): Promise<string[]> {
    const loaded = this.ready ?? (await this.load());
    const prefix = `${tagGrantType}.`;
    return [...loaded.grants.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length))
      .filter((code) => atLeast(this.levelIn(loaded, tagGrantType, code), 'MASKED'));
  }

  /** Whether the section owns or assists the purpose's task (latest year on the list); false without one. */
  async purposeAllowed(): Promise<boolean> {
    return (this.ready ?? (await this.load())).task?.allowed ?? false;
  }

  async communityIds(): Promise<number[] | null> {
    return (await this.load()).communityIds;
  }

  async inJurisdiction(communityId: number): Promise<boolean> {
    const ids = await this.communityIds();
    return ids === null || ids.includes(communityId);
  }

  /**
   * Why a use of a field needing at least `needed` is refused, or null when it is allowed:
   * PURPOSE_REQUIRED without a purpose, FORBIDDEN with `rule: TASK_FIELDS` when the field is not
   * among the purpose's task fields, FORBIDDEN with `rule: GRANT` when the grant is too low.
   */
  async refusal(
    typeName: string,
    fieldName: string,
    needed: AccessLevel,
    usedAs = `${typeName}.${fieldName}`,
  ): Promise<AppError | null> {
    if (!this.purpose) return purposeRequired();
    const loaded = this.ready ?? (await this.load());
    if (loaded.task && !loaded.task.fields.has(`${typeName}.${fieldName}`)) {
      return forbidden(
        `${usedAs}: ${typeName}.${fieldName} is not among the fields of task ${this.purpose}`,
        'TASK_FIELDS',
      );
    }
    if (!atLeast(this.levelIn(loaded, typeName, fieldName), needed)) {
      return forbidden(`${usedAs} needs a ${needed} grant on ${typeName}.${fieldName}`, 'GRANT');
    }
    return null;
  }

  /**
   * Demands at least `needed` on a field used outside a plain read (a filter, for instance):
   * a purpose first, then the task's fields, then the grant. Throws PURPOSE_REQUIRED or FORBIDDEN.
   */
  async require(
    typeName: string,
    fieldName: string,
    needed: AccessLevel,
    usedAs = `${typeName}.${fieldName}`,
  ) {
    const refused = await this.refusal(typeName, fieldName, needed, usedAs);
    if (refused) throw refused;
  }

  /** Demands that a report dataset (RESIDENTS, HOTLINE_CASES, …) be among the purpose's task datasets. */
  async requireDataset(dataset: string): Promise<void> {
    if (!this.purpose) throw purposeRequired();
    const { task } = this.ready ?? (await this.load());
    if (task && !task.datasets.has(dataset)) {
      throw forbidden(
        `dataset ${dataset} is not among the datasets of task ${this.purpose}`,
        'TASK_DATASETS',
      );
    }
  }
}

/** FORBIDDEN; `rule` (extensions.rule) says which rule refused when it is a grant or the task list. */
export function forbidden(message: string, rule?: RefusalRule): AppError {
  return new AppError(ErrorCode.FORBIDDEN, message, rule ? { rule } : {});
}

export function purposeRequired(): AppError {
  return new AppError(
    ErrorCode.PURPOSE_REQUIRED,
    'Reading personal data needs a purpose: send the task code in the X-Purpose header',
    {
      http: { status: 403 },
    },
  );
}
