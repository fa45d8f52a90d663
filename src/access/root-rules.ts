import {
  administers,
  entersBaseline,
  importsLedgers,
  audits,
  authenticated,
  records,
  type RuleFieldMap,
  tagsResidents,
} from './rules.js';

/**
 * The rule of every root field. Reads are open to any principal because jurisdiction scoping
 * and field grants decide what they return; writes and administration have their own rules.
 * A test fails when a root field of the schema is missing here.
 */
export const rootRules: { Query: RuleFieldMap; Mutation: RuleFieldMap } = {
  Query: {
    node: authenticated,
    districts: authenticated,
    communities: authenticated,
    community: authenticated,
    sections: authenticated,
    households: authenticated,
    household: authenticated,
    residents: authenticated,
    resident: authenticated,
    tags: authenticated,
    serviceRecords: authenticated,
    hotlineCases: authenticated,
    tasks: authenticated,
    fieldGrants: administers,
    auditEvents: audits,
    accessLog: authenticated,
    report: authenticated,
    verifyAttestation: authenticated,
    assistTurnedLead: authenticated,
    savedReports: authenticated,
    savedReport: authenticated,
    runReport: authenticated,
    burdenSummary: authenticated,
    burdenBaseline: authenticated,
    importMappings: authenticated,
    viewerAccess: authenticated,
  },
  Mutation: {
    createResident: records,
    updateResident: records,
    moveResident: records,
    recordService: records,
    tagResident: tagsResidents,
    untagResident: tagsResidents,
    setFieldGrant: administers,
    attest: authenticated,
    saveReport: authenticated,
    shareReport: authenticated,
    deleteReport: authenticated,
    saveImportMapping: importsLedgers,
    deleteImportMapping: importsLedgers,
    setBurdenBaseline: entersBaseline,
  },
};
