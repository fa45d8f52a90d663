-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SubdistrictKind" AS ENUM ('STREET', 'TOWN');

-- CreateEnum
CREATE TYPE "CommunityKind" AS ENUM ('RESIDENTIAL', 'VILLAGE');

-- CreateEnum
CREATE TYPE "SectionLevel" AS ENUM ('DISTRICT', 'SUBDISTRICT', 'COMMUNITY');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "ResidenceType" AS ENUM ('REGISTERED', 'REGISTERED_AWAY', 'NON_LOCAL');

-- CreateEnum
CREATE TYPE "ResidentStatus" AS ENUM ('ACTIVE', 'MOVED_OUT', 'DECEASED');

-- CreateEnum
CREATE TYPE "RelationToHead" AS ENUM ('SELF', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'CHILD_IN_LAW', 'OTHER');

-- CreateEnum
CREATE TYPE "ServiceKind" AS ENUM ('HOME_VISIT', 'ASSISTANCE', 'SUBSIDY', 'MEDICATION_REMINDER', 'CERTIFICATE', 'OTHER');

-- CreateEnum
CREATE TYPE "HotlineStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED');

-- CreateEnum
CREATE TYPE "CommitteeRole" AS ENUM ('LEAD', 'ASSIST');

-- CreateEnum
CREATE TYPE "TaskList" AS ENUM ('DUTY', 'ASSIST');

-- CreateTable
CREATE TABLE "district" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "district_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subdistrict" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "kind" "SubdistrictKind" NOT NULL,
    "district_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "subdistrict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "community" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(16) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "kind" "CommunityKind" NOT NULL,
    "subdistrict_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "community_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "section" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(48) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "level" "SectionLevel" NOT NULL,
    "district_id" INTEGER NOT NULL,
    "subdistrict_id" INTEGER,
    "community_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "section_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household" (
    "id" SERIAL NOT NULL,
    "address" VARCHAR(128) NOT NULL,
    "community_id" INTEGER NOT NULL,
    "head_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resident" (
    "id" SERIAL NOT NULL,
    "id_number" CHAR(18) NOT NULL,
    "name" VARCHAR(32) NOT NULL,
    "gender" "Gender" NOT NULL,
    "birth_date" DATE NOT NULL,
    "phone" VARCHAR(20),
    "ethnicity" VARCHAR(16) NOT NULL,
    "residence_type" "ResidenceType" NOT NULL,
    "status" "ResidentStatus" NOT NULL DEFAULT 'ACTIVE',
    "community_id" INTEGER NOT NULL,
    "household_id" INTEGER,
    "relation_to_head" "RelationToHead",
    "move_in_date" DATE NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "resident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(32) NOT NULL,
    "description" VARCHAR(200) NOT NULL DEFAULT '',
    "sensitive" BOOLEAN NOT NULL DEFAULT true,
    "section_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resident_tag" (
    "resident_id" INTEGER NOT NULL,
    "tag_id" INTEGER NOT NULL,
    "set_by" VARCHAR(64) NOT NULL,
    "section_id" INTEGER,
    "set_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resident_tag_pkey" PRIMARY KEY ("resident_id","tag_id")
);

-- CreateTable
CREATE TABLE "service_record" (
    "id" SERIAL NOT NULL,
    "kind" "ServiceKind" NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "notes" VARCHAR(2000) NOT NULL DEFAULT '',
    "recorded_by" VARCHAR(64) NOT NULL,
    "resident_id" INTEGER NOT NULL,
    "community_id" INTEGER NOT NULL,
    "section_id" INTEGER,
    "task_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "service_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hotline_case" (
    "id" SERIAL NOT NULL,
    "case_number" VARCHAR(24) NOT NULL,
    "category" VARCHAR(32) NOT NULL,
    "summary" VARCHAR(500) NOT NULL DEFAULT '',
    "status" "HotlineStatus" NOT NULL,
    "role" "CommitteeRole" NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),
    "community_id" INTEGER NOT NULL,
    "task_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "hotline_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(16) NOT NULL,
    "year" INTEGER NOT NULL,
    "title" VARCHAR(128) NOT NULL,
    "list" "TaskList" NOT NULL,
    "section_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "task_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "district_code_key" ON "district"("code");

-- CreateIndex
CREATE UNIQUE INDEX "subdistrict_code_key" ON "subdistrict"("code");

-- CreateIndex
CREATE INDEX "subdistrict_district_id_idx" ON "subdistrict"("district_id");

-- CreateIndex
CREATE UNIQUE INDEX "community_code_key" ON "community"("code");

-- CreateIndex
CREATE INDEX "community_subdistrict_id_idx" ON "community"("subdistrict_id");

-- CreateIndex
CREATE UNIQUE INDEX "section_code_key" ON "section"("code");

-- CreateIndex
CREATE INDEX "section_district_id_idx" ON "section"("district_id");

-- CreateIndex
CREATE INDEX "section_subdistrict_id_idx" ON "section"("subdistrict_id");

-- CreateIndex
CREATE INDEX "section_community_id_idx" ON "section"("community_id");

-- CreateIndex
CREATE UNIQUE INDEX "household_head_id_key" ON "household"("head_id");

-- CreateIndex
CREATE INDEX "household_community_id_id_idx" ON "household"("community_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "resident_id_number_key" ON "resident"("id_number");

-- CreateIndex
CREATE INDEX "resident_community_id_id_idx" ON "resident"("community_id", "id");

-- CreateIndex
CREATE INDEX "resident_household_id_idx" ON "resident"("household_id");

-- CreateIndex
CREATE INDEX "resident_community_id_residence_type_idx" ON "resident"("community_id", "residence_type");

-- CreateIndex
CREATE INDEX "resident_community_id_status_idx" ON "resident"("community_id", "status");

-- CreateIndex
CREATE INDEX "resident_birth_date_idx" ON "resident"("birth_date");

-- CreateIndex
CREATE INDEX "resident_name_idx" ON "resident"("name");

-- CreateIndex
CREATE UNIQUE INDEX "tag_code_key" ON "tag"("code");

-- CreateIndex
CREATE INDEX "tag_section_id_idx" ON "tag"("section_id");

-- CreateIndex
CREATE INDEX "resident_tag_tag_id_resident_id_idx" ON "resident_tag"("tag_id", "resident_id");

-- CreateIndex
CREATE INDEX "service_record_resident_id_occurred_at_idx" ON "service_record"("resident_id", "occurred_at");

-- CreateIndex
CREATE INDEX "service_record_community_id_occurred_at_idx" ON "service_record"("community_id", "occurred_at");

-- CreateIndex
CREATE INDEX "service_record_kind_occurred_at_idx" ON "service_record"("kind", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "hotline_case_case_number_key" ON "hotline_case"("case_number");

-- CreateIndex
CREATE INDEX "hotline_case_community_id_received_at_idx" ON "hotline_case"("community_id", "received_at");

-- CreateIndex
CREATE INDEX "hotline_case_category_received_at_idx" ON "hotline_case"("category", "received_at");

-- CreateIndex
CREATE INDEX "hotline_case_status_idx" ON "hotline_case"("status");

-- CreateIndex
CREATE INDEX "task_section_id_idx" ON "task"("section_id");

-- CreateIndex
CREATE UNIQUE INDEX "task_year_code_key" ON "task"("year", "code");

-- AddForeignKey
ALTER TABLE "subdistrict" ADD CONSTRAINT "subdistrict_district_id_fkey" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "community" ADD CONSTRAINT "community_subdistrict_id_fkey" FOREIGN KEY ("subdistrict_id") REFERENCES "subdistrict"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "section" ADD CONSTRAINT "section_district_id_fkey" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "section" ADD CONSTRAINT "section_subdistrict_id_fkey" FOREIGN KEY ("subdistrict_id") REFERENCES "subdistrict"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "section" ADD CONSTRAINT "section_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_head_id_fkey" FOREIGN KEY ("head_id") REFERENCES "resident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resident" ADD CONSTRAINT "resident_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resident" ADD CONSTRAINT "resident_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag" ADD CONSTRAINT "tag_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resident_tag" ADD CONSTRAINT "resident_tag_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resident_tag" ADD CONSTRAINT "resident_tag_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tag"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resident_tag" ADD CONSTRAINT "resident_tag_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_record" ADD CONSTRAINT "service_record_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_record" ADD CONSTRAINT "service_record_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_record" ADD CONSTRAINT "service_record_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_record" ADD CONSTRAINT "service_record_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hotline_case" ADD CONSTRAINT "hotline_case_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hotline_case" ADD CONSTRAINT "hotline_case_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
