-- Disclosure control by the cell-key method: every resident, household and service record carries
-- a fixed random key in [0, 2^20). A report cell's key is the sum of its contributors' keys modulo
-- 2^20; the noise added to its counts is read from the perturbation table at that key. The keys are
-- never returned by the API; they are what makes the same set of people always get the same noise.
ALTER TABLE "household" ADD COLUMN "cell_key" INTEGER NOT NULL DEFAULT (floor((random() * (1048576)::double precision)))::integer;
ALTER TABLE "resident" ADD COLUMN "cell_key" INTEGER NOT NULL DEFAULT (floor((random() * (1048576)::double precision)))::integer;
ALTER TABLE "service_record" ADD COLUMN "cell_key" INTEGER NOT NULL DEFAULT (floor((random() * (1048576)::double precision)))::integer;
