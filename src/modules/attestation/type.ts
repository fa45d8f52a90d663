import { builder } from '../../builder.js';

export const AttestationClaim = builder.enumType('AttestationClaim', {
  description: '开证明 What an attestation answers about a resident',
  values: {
    RESIDES_IN_COMMUNITY: {
      description:
        'Lives in the community given as argument (a Community ID), as an active resident',
    },
    LIVES_ALONE: { description: 'Is the only active member of their household' },
    HOUSEHOLD_MEMBER: {
      description: 'Is an active member of the household given as argument (a Household ID)',
    },
    ALIVE: { description: 'Is alive (not recorded as deceased)' },
    HAS_TAG: {
      description:
        'Carries the tag given as argument (a tag code); a sensitive tag needs a grant on it',
    },
  } as const,
});

export const AttestationAnswer = builder.enumType('AttestationAnswer', {
  description: 'The answer of an attestation; nothing else about the subject is revealed',
  values: {
    TRUE: { description: 'The records show the claim holding from asOf up to the time of issue' },
    FALSE: {
      description:
        'The records do not show it (for RESIDES_IN_COMMUNITY, HOUSEHOLD_MEMBER, HAS_TAG also: the ID is not on record)',
    },
    UNKNOWN: {
      description:
        'The hub cannot say: among others, the ID is not on record in your jurisdiction (LIVES_ALONE, ALIVE)',
    },
  } as const,
});

export const AttestationSubjectInput = builder.inputType('AttestationSubjectInput', {
  description:
    'Whom the attestation is about; the ID number is never stored, only a keyed digest of it',
  fields: (t) => ({
    idNumber: t.string({ required: true, description: '身份证号 The 18-character ID number' }),
  }),
});

export const AttestInput = builder.inputType('AttestInput', {
  description:
    'A yes/no question about one resident, asked instead of requesting a paper certificate',
  fields: (t) => ({
    claim: t.field({ type: AttestationClaim, required: true, description: 'What to attest' }),
    subject: t.field({
      type: AttestationSubjectInput,
      required: true,
      description: 'Whom it is about',
    }),
    argument: t.string({
      required: false,
      description:
        'The claim argument: a Community ID (RESIDES_IN_COMMUNITY), a Household ID (HOUSEHOLD_MEMBER), a tag code (HAS_TAG); none otherwise',
    }),
    asOf: t.field({
      type: 'DateTime',
      required: false,
      description:
        'The claim must hold from this moment up to now (default: now); not in the future',
    }),
    purpose: t.string({
      required: true,
      description: 'Task code the attestation is for; must match X-Purpose when that is sent',
    }),
  }),
});

builder.prismaObject('Attestation', {
  description:
    '开证明 Attestation: a signed, time-stamped receipt of a yes/no answer about a resident',
  fields: (t) => ({
    reference: t.exposeString('reference', {
      description: 'Reference number printed on the receipt, e.g. AT20261127-7KQ2M9XH4PWD',
    }),
    claim: t.expose('claim', { type: AttestationClaim, description: 'What was attested' }),
    argument: t.exposeString('argument', {
      nullable: true,
      description: 'The claim argument as given (Community ID, Household ID or tag code)',
    }),
    answer: t.expose('answer', { type: AttestationAnswer, description: 'TRUE, FALSE or UNKNOWN' }),
    asOf: t.expose('asOf', {
      type: 'DateTime',
      description: 'The claim was answered as holding from this moment up to issuedAt',
    }),
    issuedAt: t.expose('issuedAt', {
      type: 'DateTime',
      description: 'When the hub issued the receipt',
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      description: 'When the receipt stops being valid',
    }),
    purpose: t.exposeString('purpose', { description: 'Task code it was issued for' }),
    section: t.relation('section', { description: 'The section it was issued to' }),
    kid: t.exposeString('kid', {
      description: 'Key id of the signing key, published at /.well-known/jwks.json',
    }),
    jws: t.exposeString('jws', {
      description:
        'The receipt as a compact JWS (ES256), verifiable offline with the published key',
    }),
  }),
});

export const AttestationStatus = builder.enumType('AttestationStatus', {
  description: 'The outcome of checking an attestation receipt',
  values: {
    VALID: { description: 'Issued by the hub, signature intact, not expired' },
    EXPIRED: { description: 'Issued by the hub, signature intact, but past its expiry' },
    BAD_SIGNATURE: { description: 'The stored receipt does not verify against the published key' },
    NOT_FOUND: { description: 'No attestation has this reference number' },
  } as const,
});
