-- CreateTable
CREATE TABLE "attestation_check" (
    "id" BIGSERIAL NOT NULL,
    "attestation_id" INTEGER NOT NULL,
    "tried_digest" CHAR(64) NOT NULL,
    "section_id" INTEGER NOT NULL,
    "principal" VARCHAR(96) NOT NULL,
    "checked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attestation_check_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "attestation_check_principal_checked_at_idx" ON "attestation_check"("principal", "checked_at");

-- CreateIndex
CREATE INDEX "attestation_check_attestation_id_checked_at_idx" ON "attestation_check"("attestation_id", "checked_at");

-- CreateIndex
CREATE INDEX "attestation_principal_argument_issued_at_idx" ON "attestation"("principal", "argument", "issued_at");

-- AddForeignKey
ALTER TABLE "attestation_check" ADD CONSTRAINT "attestation_check_attestation_id_fkey" FOREIGN KEY ("attestation_id") REFERENCES "attestation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attestation_check" ADD CONSTRAINT "attestation_check_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE CASCADE ON UPDATE CASCADE;
