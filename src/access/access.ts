import type { PrismaClient } from '../db/client.js';
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
}

/**
 * What one principal may see in one request: its section's grants (the grant table is the only
 * source of truth; read once per request, so a change holds from the next request on, on every
 * server process) and its jurisdiction.
 */
export class Access {
  private loaded?: Promise<Loaded>;
  private ready?: Loaded;

  constructor(
    private readonly db: PrismaClient,
    readonly principal: Principal,
    readonly purpose: string | null,
  ) {}

  load(): Promise<Loaded> {
    this.loaded ??= (async () => {
      const section = this.principal.section;
      const [grants, communities] = await Promise.all([
        this.db.fieldGrant.findMany({
          where: { sectionId: section.id },
          select: { typeName: true, fieldName: true, level: true, taskCodes: true },
        }),
        section.level === 'SUBDISTRICT'
          ? this.db.community.findMany({ where: { subdistrictId: section.subdistrictId ?? -1 }, select: { id: true } })
          : Promise.resolve([]),
      ]);
      return (this.ready = {
        grants: new Map(grants.map((g) => [`${g.typeName}.${g.fieldName}`, g])),
        communityIds:
          section.level === 'DISTRICT'
            ? null
            : section.level === 'COMMUNITY'
              ? [section.communityId ?? -1]
              : communities.map((c) => c.id),
      });
    })();
    return this.loaded;
  }

  /** The section's level on a field under this request's purpose; no grant means NONE. */
  async level(typeName: string, fieldName: string): Promise<AccessLevel> {
    return this.levelIn(this.ready ?? (await this.load()), typeName, fieldName);
  }

  /** The same, without waiting: once the grants are loaded every row can be decided synchronously. */
  levelNow(typeName: string, fieldName: string): AccessLevel | undefined {
    return this.ready && this.levelIn(this.ready, typeName, fieldName);
  }

  private levelIn(loaded: Loaded, typeName: string, fieldName: string): AccessLevel {
    const grant = loaded.grants.get(`${typeName}.${fieldName}`);
    if (!grant) return 'NONE';
    if (grant.taskCodes.length > 0 && (!this.purpose || !grant.taskCodes.includes(this.purpose))) return 'NONE';
    return grant.level;
  }

  async tagLevel(tagCode: string, sensitive: boolean): Promise<AccessLevel> {
    return sensitive ? this.level(tagGrantType, tagCode) : 'FULL';
  }

  tagLevelNow(tagCode: string, sensitive: boolean): AccessLevel | undefined {
    return sensitive ? this.levelNow(tagGrantType, tagCode) : 'FULL';
  }

  async communityIds(): Promise<number[] | null> {
    return (await this.load()).communityIds;
  }

  async inJurisdiction(communityId: number): Promise<boolean> {
    const ids = await this.communityIds();
    return ids === null || ids.includes(communityId);
  }

  /**
   * Demands at least `needed` on a field used outside a plain read (a filter, for instance):
   * a purpose first, then the grant. Throws PURPOSE_REQUIRED or FORBIDDEN naming the field.
   */
  async require(typeName: string, fieldName: string, needed: AccessLevel, usedAs = `${typeName}.${fieldName}`) {
    if (!this.purpose) throw purposeRequired();
    const level = await this.level(typeName, fieldName);
    if (!atLeast(level, needed)) throw forbidden(`${usedAs} needs a ${needed} grant on ${typeName}.${fieldName}`);
  }
}

export function forbidden(message: string): AppError {
  return new AppError(ErrorCode.FORBIDDEN, message);
}

export function purposeRequired(): AppError {
  return new AppError(ErrorCode.PURPOSE_REQUIRED, 'Reading personal data needs a purpose: send the task code in the X-Purpose header', {
    http: { status: 403 },
  });
}
