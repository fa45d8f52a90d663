-- A cheaper audit append (issue 14): requests insert their events without the chain lock, and one
-- linker at a time puts committed events into the hash chain right after, in the order it finds
-- them. Before, every append took a global advisory lock and held it through its commit's flush,
-- so appends from all server processes queued one flush each; now they share PostgreSQL's own
-- group commit and only the linker, whose work is recomputable from the events, takes the lock.
--
-- The chain's order is `seq` (1, 2, 3, … with no gap), assigned by the linker; `id` is only the
-- insertion key (ids of concurrent inserts may commit out of order). An event is durable when its
-- INSERT commits; until the linker reaches it, `seq`, `prev_hash` and `hash` are NULL. The hash is
-- the same as before (src/modules/audit/chain.ts auditEventHash, which verify recomputes).

-- Events already chained keep their hashes; their place along the chain is their id order.
ALTER TABLE "audit_event" ADD COLUMN "seq" BIGINT;
ALTER TABLE "audit_event" DISABLE TRIGGER "audit_event_no_update_delete";
UPDATE "audit_event" e SET "seq" = o."n"
  FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS "n" FROM "audit_event") o
  WHERE o."id" = e."id";
ALTER TABLE "audit_event" ENABLE TRIGGER "audit_event_no_update_delete";
ALTER TABLE "audit_event" ALTER COLUMN "prev_hash" DROP NOT NULL, ALTER COLUMN "hash" DROP NOT NULL;
CREATE UNIQUE INDEX "audit_event_seq_key" ON "audit_event"("seq");

-- The one change an event may undergo, once: being linked (seq, prev_hash and hash set together,
-- nothing else touched). Anything else is refused, as before; so is DELETE and TRUNCATE.
CREATE OR REPLACE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD."seq" IS NULL AND OLD."prev_hash" IS NULL AND OLD."hash" IS NULL
     AND NEW."seq" IS NOT NULL AND NEW."prev_hash" IS NOT NULL AND NEW."hash" IS NOT NULL
     AND (NEW."id", NEW."at", NEW."principal", NEW."section_code", NEW."purpose", NEW."operation_name",
          NEW."operation_hash", NEW."fields", NEW."resident_ids", NEW."outcome")
         IS NOT DISTINCT FROM
         (OLD."id", OLD."at", OLD."principal", OLD."section_code", OLD."purpose", OLD."operation_name",
          OLD."operation_hash", OLD."fields", OLD."resident_ids", OLD."outcome")
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The hub role inserts events' contents only: never a place or a hash of its own choosing.
REVOKE INSERT ON "audit_event" FROM "onetable_hub";
GRANT INSERT ("at", "principal", "section_code", "purpose", "operation_name", "operation_hash",
  "fields", "resident_ids", "outcome") ON "audit_event" TO "onetable_hub";

-- The appends that took the chain lock themselves are gone: one way into the chain.
DROP FUNCTION "append_audit_events"(JSONB);
DROP FUNCTION "append_audit_event"(TIMESTAMP(3), TEXT, TEXT, TEXT, TEXT, TEXT, TEXT[], INTEGER[], TEXT);

-- Links up to p_max committed, unlinked events, oldest insert first, after the chain's head;
-- returns how many. Under the chain's advisory lock (same key as the old appends), so one linker
-- runs at a time across every server process; each statement inside sees what committed before
-- it, so an event committed late is linked by the next call, never skipped. Its commit need not
-- be flushed: a lost link is recomputed by the next call from the durable events.
-- SECURITY DEFINER: the hub role may call it but has no UPDATE right on audit_event itself.
CREATE FUNCTION "link_audit_events"(p_max INTEGER) RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_seq BIGINT;
  v_prev TEXT;
  v_hash TEXT;
  v_count INTEGER := 0;
  e RECORD;
BEGIN
  PERFORM pg_advisory_xact_lock(5714581205355414601);
  PERFORM set_config('synchronous_commit', 'off', true);
  SELECT a."seq", a."hash" INTO v_seq, v_prev FROM "audit_event" a
    WHERE a."seq" IS NOT NULL ORDER BY a."seq" DESC LIMIT 1;
  v_seq := coalesce(v_seq, 0);
  v_prev := coalesce(v_prev, repeat('0', 64));
  FOR e IN SELECT * FROM "audit_event" a WHERE a."seq" IS NULL ORDER BY a."id" LIMIT p_max LOOP
    v_hash := encode(sha256(convert_to(
      v_prev || E'\n' || '['
        || to_json(to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text || ','
        || to_json(e."principal"::text)::text || ','
        || to_json(e."section_code"::text)::text || ','
        || coalesce(to_json(e."purpose"::text)::text, 'null') || ','
        || coalesce(to_json(e."operation_name"::text)::text, 'null') || ','
        || to_json(e."operation_hash"::text)::text || ','
        || to_json(e."fields")::text || ','
        || to_json(e."resident_ids")::text || ','
        || to_json(e."outcome"::text)::text
        || ']', 'UTF8')), 'hex');
    v_seq := v_seq + 1;
    UPDATE "audit_event" SET "seq" = v_seq, "prev_hash" = v_prev, "hash" = v_hash WHERE "id" = e."id";
    v_prev := v_hash;
    v_count := v_count + 1;
  END LOOP;
  RETURN v_count;
END
$$;
GRANT EXECUTE ON FUNCTION "link_audit_events"(INTEGER) TO "onetable_hub";
