-- The linker's lookup of unlinked events (`seq IS NULL ORDER BY id` in link_audit_events) went
-- through the unique index on seq, whose NULL entries include every event's pre-link version:
-- the linker updates each event once, so until VACUUM that index held one dead NULL entry per
-- event ever linked, and a bitmap scan visited all of them on every run (12 ms per run over
-- 57,000 events in the benchmark database, growing with the table; the benchmark's PostgreSQL
-- CPU per audited read was 5-9 ms). A partial index on id of the unlinked events is scanned in
-- id order, so the planner takes a plain index scan, which marks entries it finds dead and skips
-- them from then on; it holds only the few events waiting for the linker plus those not vacuumed.
CREATE INDEX "audit_event_unlinked_idx" ON "audit_event"("id") WHERE "seq" IS NULL;
