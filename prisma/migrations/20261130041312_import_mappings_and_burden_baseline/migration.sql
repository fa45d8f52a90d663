-- Saved import mappings per section (issue 16) and the burden baseline the district enters (issue 15).
-- CreateTable
CREATE TABLE "burden_baseline" (
    "district_id" INTEGER NOT NULL,
    "forms_per_month" INTEGER NOT NULL,
    "certificates_per_month" INTEGER NOT NULL,
    "section_id" INTEGER NOT NULL,
    "entered_by" VARCHAR(96) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "burden_baseline_pkey" PRIMARY KEY ("district_id")
);

-- CreateTable
CREATE TABLE "import_mapping" (
    "id" SERIAL NOT NULL,
    "section_id" INTEGER NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "mapping" JSONB NOT NULL,
    "created_by" VARCHAR(96) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "import_mapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "import_mapping_section_id_kind_name_key" ON "import_mapping"("section_id", "kind", "name");

-- AddForeignKey
ALTER TABLE "burden_baseline" ADD CONSTRAINT "burden_baseline_district_id_fkey" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "burden_baseline" ADD CONSTRAINT "burden_baseline_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_mapping" ADD CONSTRAINT "import_mapping_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE CASCADE ON UPDATE CASCADE;
