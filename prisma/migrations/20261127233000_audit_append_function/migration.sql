-- One statement per audit append (issue 7): the chain lock, the head read, the hash and the insert
-- run inside PostgreSQL, so the lock is held for the length of one INSERT instead of four client
-- round trips. The hash is the same as src/audit/chain.ts auditEventHash (which verify still uses):
-- SHA-256 over prev_hash, a newline and a JSON array in a fixed order. to_json() escapes strings
-- exactly as JSON.stringify does for text PostgreSQL can hold (", \, \b \f \n \r \t, other
-- control characters as lowercase \u00XX), and arrays come out without spaces, as JSON.stringify
-- writes them. tests/audit/chain.test.ts checks both agree on awkward values.
CREATE FUNCTION "append_audit_event"(
  p_at TIMESTAMP(3),
  p_principal TEXT,
  p_section_code TEXT,
  p_purpose TEXT,
  p_operation_name TEXT,
  p_operation_hash TEXT,
  p_fields TEXT[],
  p_resident_ids INTEGER[],
  p_outcome TEXT
) RETURNS TABLE ("event_id" BIGINT, "event_at" TIMESTAMP(3), "event_prev_hash" TEXT, "event_hash" TEXT)
LANGUAGE plpgsql AS $$
DECLARE
  v_at TIMESTAMP(3);
  v_prev TEXT;
  v_hash TEXT;
  v_id BIGINT;
BEGIN
  -- Same key as before ("ONETAUDI"): appends from every server process queue here.
  PERFORM pg_advisory_xact_lock(5714581205355414601);
  -- Taken under the lock, so `at` never decreases along the chain; truncated to the column's ms.
  v_at := coalesce(p_at, date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC'));
  SELECT e."hash" INTO v_prev FROM "audit_event" e ORDER BY e."id" DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  v_hash := encode(sha256(convert_to(
    v_prev || E'\n' || '['
      || to_json(to_char(v_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text || ','
      || to_json(p_principal)::text || ','
      || to_json(p_section_code)::text || ','
      || coalesce(to_json(p_purpose)::text, 'null') || ','
      || coalesce(to_json(p_operation_name)::text, 'null') || ','
      || to_json(p_operation_hash)::text || ','
      || to_json(p_fields)::text || ','
      || to_json(p_resident_ids)::text || ','
      || to_json(p_outcome)::text
      || ']', 'UTF8')), 'hex');
  INSERT INTO "audit_event" ("at", "principal", "section_code", "purpose", "operation_name", "operation_hash",
      "fields", "resident_ids", "outcome", "prev_hash", "hash")
    VALUES (v_at, p_principal, p_section_code, p_purpose, p_operation_name, p_operation_hash,
      p_fields, p_resident_ids, p_outcome::"AuditOutcome", v_prev, v_hash)
    RETURNING "id" INTO v_id;
  RETURN QUERY SELECT v_id, v_at, v_prev, v_hash;
END
$$;
