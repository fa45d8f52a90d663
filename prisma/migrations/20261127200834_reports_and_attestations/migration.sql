-- CreateEnum
CREATE TYPE "BurdenKind" AS ENUM ('REPORT_RUN', 'EXPORT', 'ATTESTATION');

-- CreateEnum
CREATE TYPE "AttestationClaim" AS ENUM ('RESIDES_IN_COMMUNITY', 'LIVES_ALONE', 'HOUSEHOLD_MEMBER', 'ALIVE', 'HAS_TAG');

-- CreateEnum
CREATE TYPE "AttestationAnswer" AS ENUM ('TRUE', 'FALSE', 'UNKNOWN');

-- AlterTable
ALTER TABLE "task" ADD COLUMN     "datasets" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "fields" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "saved_report" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "description" VARCHAR(1000) NOT NULL DEFAULT '',
    "input" JSONB NOT NULL,
    "section_id" INTEGER NOT NULL,
    "created_by" VARCHAR(96) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "saved_report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saved_report_share" (
    "saved_report_id" INTEGER NOT NULL,
    "section_id" INTEGER NOT NULL,

    CONSTRAINT "saved_report_share_pkey" PRIMARY KEY ("saved_report_id","section_id")
);

-- CreateTable
CREATE TABLE "burden_entry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" "BurdenKind" NOT NULL,
    "section_id" INTEGER NOT NULL,
    "dataset" VARCHAR(32) NOT NULL,
    "saved_report_id" INTEGER,
    "community_ids" INTEGER[],

    CONSTRAINT "burden_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attestation" (
    "id" SERIAL NOT NULL,
    "reference" VARCHAR(32) NOT NULL,
    "claim" "AttestationClaim" NOT NULL,
    "argument" VARCHAR(64),
    "subject_digest" CHAR(64) NOT NULL,
    "answer" "AttestationAnswer" NOT NULL,
    "as_of" TIMESTAMP(3) NOT NULL,
    "issued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "section_id" INTEGER NOT NULL,
    "principal" VARCHAR(96) NOT NULL,
    "purpose" VARCHAR(16) NOT NULL,
    "kid" VARCHAR(64) NOT NULL,
    "jws" TEXT NOT NULL,

    CONSTRAINT "attestation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signing_key" (
    "kid" VARCHAR(64) NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signing_key_pkey" PRIMARY KEY ("kid")
);

-- CreateIndex
CREATE INDEX "saved_report_section_id_idx" ON "saved_report"("section_id");

-- CreateIndex
CREATE INDEX "saved_report_share_section_id_idx" ON "saved_report_share"("section_id");

-- CreateIndex
CREATE INDEX "burden_entry_at_idx" ON "burden_entry"("at");

-- CreateIndex
CREATE INDEX "burden_entry_section_id_at_idx" ON "burden_entry"("section_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "attestation_reference_key" ON "attestation"("reference");

-- CreateIndex
CREATE INDEX "attestation_principal_issued_at_idx" ON "attestation"("principal", "issued_at");

-- CreateIndex
CREATE INDEX "attestation_section_id_issued_at_idx" ON "attestation"("section_id", "issued_at");

-- AddForeignKey
ALTER TABLE "saved_report" ADD CONSTRAINT "saved_report_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_report_share" ADD CONSTRAINT "saved_report_share_saved_report_id_fkey" FOREIGN KEY ("saved_report_id") REFERENCES "saved_report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_report_share" ADD CONSTRAINT "saved_report_share_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "burden_entry" ADD CONSTRAINT "burden_entry_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attestation" ADD CONSTRAINT "attestation_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
