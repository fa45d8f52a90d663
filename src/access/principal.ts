import type { SectionLevel } from '../generated/prisma/enums.js';

/** The section a principal acts for, with what decides its jurisdiction. */
export interface SectionRef {
  id: number;
  code: string;
  level: SectionLevel;
  districtId: number;
  subdistrictId: number | null;
  communityId: number | null;
}

/** Who is calling: a staff user (hub or external token) or a service client (API key). */
export interface Principal {
  kind: 'token' | 'external' | 'apiKey';
  /** User name or API key name; goes into the audit trail. Never a resident's data. */
  name: string;
  section: SectionRef;
}

export const sectionRefSelect = {
  id: true,
  code: true,
  level: true,
  districtId: true,
  subdistrictId: true,
  communityId: true,
} as const;

/** How a principal is named in the audit trail and on what it creates: `token:王敏`, `apiKey:家医签约系统`. */
export function principalLabel(principal: Principal): string {
  return `${principal.kind}:${principal.name}`;
}
