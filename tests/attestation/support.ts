import type { AttestMutation } from '@onetable/sdk';
import { exportJWK, generateKeyPair } from 'jose';
import type { Caller, TestHub } from '../support/hub.js';
import { jwtSecretText } from '../support/hub.js';
import { tasks } from '../support/scenario.js';

/**
 * Keys of the test process: an attestation key from the environment (as an operator would set
 * it) and the subject-digest key, so no test writes into the working directory's data folder.
 */
export async function useTestKeys(): Promise<void> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  process.env.ONETABLE_ATTESTATION_KEY = JSON.stringify(await exportJWK(privateKey));
  process.env.ONETABLE_SUBJECT_KEY = jwtSecretText;
}

export const attestMutation = `mutation($i: AttestInput!) { attest(input: $i) {
  reference claim argument answer asOf issuedAt expiresAt purpose kid jws section { code } } }`;

/** What `attestMutation` selects: the SDK's Attest operation and the issuing section. */
export interface Attested {
  attest: AttestMutation['attest'] & { section: { code: string } };
}

export interface AttestArgs {
  claim: string;
  idNumber: string;
  argument?: string;
  asOf?: string;
  purpose?: string;
}

/** Sends `attest` as `caller` (default: the scenario's street office for T2026-001). */
export function attest(t: TestHub, a: AttestArgs, caller?: Caller) {
  const purpose = a.purpose ?? caller?.purpose ?? tasks.population;
  const input = {
    claim: a.claim,
    subject: { idNumber: a.idNumber },
    argument: a.argument,
    asOf: a.asOf,
    purpose,
  };
  return t.gql<Attested>(
    attestMutation,
    { i: input },
    caller ?? { section: 'street:310106001', purpose },
  );
}

/** A valid ID number nobody in the scenario has. */
export const strangerId = '310106199001010014';
