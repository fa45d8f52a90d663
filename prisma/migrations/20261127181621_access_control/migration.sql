-- CreateEnum
CREATE TYPE "AccessLevel" AS ENUM ('FULL', 'MASKED', 'AGGREGATE', 'NONE');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('OK', 'PARTIAL', 'DENIED', 'ERROR');

-- CreateTable
CREATE TABLE "field_grant" (
    "id" SERIAL NOT NULL,
    "section_id" INTEGER NOT NULL,
    "type_name" VARCHAR(32) NOT NULL,
    "field_name" VARCHAR(48) NOT NULL,
    "level" "AccessLevel" NOT NULL,
    "task_codes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "granted_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "field_grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_assist" (
    "task_id" INTEGER NOT NULL,
    "section_id" INTEGER NOT NULL,

    CONSTRAINT "task_assist_pkey" PRIMARY KEY ("task_id","section_id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "section_id" INTEGER NOT NULL,
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "principal" VARCHAR(96) NOT NULL,
    "section_code" VARCHAR(48) NOT NULL,
    "purpose" VARCHAR(16),
    "operation_name" VARCHAR(128),
    "operation_hash" CHAR(64) NOT NULL,
    "fields" TEXT[],
    "resident_ids" INTEGER[],
    "outcome" "AuditOutcome" NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "field_grant_section_id_type_name_field_name_key" ON "field_grant"("section_id", "type_name", "field_name");

-- CreateIndex
CREATE INDEX "task_assist_section_id_idx" ON "task_assist"("section_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_hash_key" ON "api_key"("hash");

-- CreateIndex
CREATE INDEX "api_key_section_id_idx" ON "api_key"("section_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_hash_key" ON "audit_event"("hash");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE INDEX "audit_event_section_code_at_idx" ON "audit_event"("section_code", "at");

-- CreateIndex
CREATE INDEX "audit_event_resident_ids_idx" ON "audit_event" USING GIN ("resident_ids");

-- AddForeignKey
ALTER TABLE "field_grant" ADD CONSTRAINT "field_grant_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_assist" ADD CONSTRAINT "task_assist_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_assist" ADD CONSTRAINT "task_assist_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Append-only audit trail (added by hand to the generated migration: Prisma's schema language
-- has no triggers). The database itself refuses to change or remove an audit event.
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_event_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
