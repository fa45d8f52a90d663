/** The attestation module (开证明): GraphQL types, `attest`, `verifyAttestation`, the JWKS route. */
import './type.js';
import './mutations.js';
import './queries.js';
import './routes.js';
