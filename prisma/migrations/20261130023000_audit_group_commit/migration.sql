-- Group commit of audit events (issue 14): one statement appends a batch of events in order, under
-- one take of the chain's advisory lock and one commit, so concurrent requests share the commit's
-- flush instead of queuing on the lock one flush each. Each event is hashed exactly as
-- append_audit_event hashes it (and as src/audit/chain.ts auditEventHash does), linked to the one
-- before it in the batch. `p_events` is a JSON array of objects with the keys at (null: stamped under
-- the lock), principal, sectionCode, purpose, operationName, operationHash, fields, residentIds and
-- outcome, already normalised by src/audit/append.ts.
CREATE FUNCTION "append_audit_events"(p_events JSONB)
RETURNS TABLE ("event_ord" BIGINT, "event_id" BIGINT, "event_at" TIMESTAMP(3), "event_prev_hash" TEXT, "event_hash" TEXT)
LANGUAGE plpgsql AS $$
DECLARE
  v_event JSONB;
  v_ord BIGINT;
  v_at TIMESTAMP(3);
  v_prev TEXT;
  v_hash TEXT;
  v_id BIGINT;
  v_fields TEXT[];
  v_residents INTEGER[];
BEGIN
  PERFORM pg_advisory_xact_lock(5714581205355414601);
  SELECT e."hash" INTO v_prev FROM "audit_event" e ORDER BY e."id" DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  FOR v_event, v_ord IN SELECT value, ordinality FROM jsonb_array_elements(p_events) WITH ORDINALITY LOOP
    v_at := coalesce((v_event->>'at')::timestamp(3), date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC'));
    v_fields := ARRAY(SELECT jsonb_array_elements_text(v_event->'fields'));
    v_residents := ARRAY(SELECT (jsonb_array_elements_text(v_event->'residentIds'))::integer);
    v_hash := encode(sha256(convert_to(
      v_prev || E'\n' || '['
        || to_json(to_char(v_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text || ','
        || to_json(v_event->>'principal')::text || ','
        || to_json(v_event->>'sectionCode')::text || ','
        || coalesce(to_json(v_event->>'purpose')::text, 'null') || ','
        || coalesce(to_json(v_event->>'operationName')::text, 'null') || ','
        || to_json(v_event->>'operationHash')::text || ','
        || to_json(v_fields)::text || ','
        || to_json(v_residents)::text || ','
        || to_json(v_event->>'outcome')::text
        || ']', 'UTF8')), 'hex');
    INSERT INTO "audit_event" ("at", "principal", "section_code", "purpose", "operation_name", "operation_hash",
        "fields", "resident_ids", "outcome", "prev_hash", "hash")
      VALUES (v_at, v_event->>'principal', v_event->>'sectionCode', v_event->>'purpose', v_event->>'operationName',
        v_event->>'operationHash', v_fields, v_residents, (v_event->>'outcome')::"AuditOutcome", v_prev, v_hash)
      RETURNING "id" INTO v_id;
    event_ord := v_ord; event_id := v_id; event_at := v_at; event_prev_hash := v_prev; event_hash := v_hash;
    RETURN NEXT;
    v_prev := v_hash;
  END LOOP;
END
$$;
