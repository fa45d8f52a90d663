-- Row scoping at one choke point (issue 12): PostgreSQL row-level security on every table whose
-- rows belong to a community. The hub's requests run as the role "onetable_hub", which owns no
-- table (so policies always apply to it); the request's jurisdiction is the session setting
-- "onetable.scope", set by src/db/scope.ts on the connection before each statement of a request:
--   '*'          the whole district (district sections, and the hub's own machinery)
--   '{1,2,…}'    these communities (a street office, a committee)
--   unset or ''  nothing: a statement that forgot to say whose it is sees no row and writes none.
-- The same file runs on PGlite and PostgreSQL.

DO $$
BEGIN
  CREATE ROLE "onetable_hub" NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; -- roles are cluster-wide: another database made it
END $$;

DO $$
BEGIN
  -- Lets a login role that is not a superuser switch to the hub role (SET ROLE).
  EXECUTE format('GRANT "onetable_hub" TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- a superuser may switch anyway; a grant it cannot make is not needed
END $$;

-- Whether the request sees the whole district. Called as (SELECT …) in the policies, so it is
-- evaluated once per statement (an InitPlan), not once per row.
CREATE FUNCTION "onetable_scope_all"() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('onetable.scope', true), '') = '*'
$$;

-- The communities of the request's jurisdiction; empty for the whole district or when unset.
CREATE FUNCTION "onetable_scope"() RETURNS integer[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN coalesce(current_setting('onetable.scope', true), '') ~ '^\{[0-9,]*\}$'
              THEN current_setting('onetable.scope', true)::integer[]
              ELSE '{}'::integer[] END
$$;

-- Whether one community is in the request's jurisdiction (for views and ad-hoc SQL).
CREATE FUNCTION "onetable_in_scope"(p_community integer) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT "onetable_scope_all"() OR p_community = ANY ("onetable_scope"())
$$;

-- A community outside the jurisdiction is not listed either (it behaves like one that does not exist).
ALTER TABLE "community" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "community" FORCE ROW LEVEL SECURITY;
CREATE POLICY "jurisdiction" ON "community"
  USING ((SELECT "onetable_scope_all"()) OR "id" = ANY (CAST((SELECT "onetable_scope"()) AS integer[])));

ALTER TABLE "household" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "household" FORCE ROW LEVEL SECURITY;
CREATE POLICY "jurisdiction" ON "household"
  USING ((SELECT "onetable_scope_all"()) OR "community_id" = ANY (CAST((SELECT "onetable_scope"()) AS integer[])));

ALTER TABLE "resident" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "resident" FORCE ROW LEVEL SECURITY;
CREATE POLICY "jurisdiction" ON "resident"
  USING ((SELECT "onetable_scope_all"()) OR "community_id" = ANY (CAST((SELECT "onetable_scope"()) AS integer[])));

ALTER TABLE "service_record" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "service_record" FORCE ROW LEVEL SECURITY;
CREATE POLICY "jurisdiction" ON "service_record"
  USING ((SELECT "onetable_scope_all"()) OR "community_id" = ANY (CAST((SELECT "onetable_scope"()) AS integer[])));

ALTER TABLE "hotline_case" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "hotline_case" FORCE ROW LEVEL SECURITY;
CREATE POLICY "jurisdiction" ON "hotline_case"
  USING ((SELECT "onetable_scope_all"()) OR "community_id" = ANY (CAST((SELECT "onetable_scope"()) AS integer[])));

-- A tag on a resident belongs to the resident's community (the resident policy applies inside).
ALTER TABLE "resident_tag" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "resident_tag" FORCE ROW LEVEL SECURITY;
CREATE POLICY "jurisdiction" ON "resident_tag"
  USING ((SELECT "onetable_scope_all"()) OR EXISTS (SELECT 1 FROM "resident" r WHERE r."id" = "resident_id"));

-- A ledger entry is seen by whoever's jurisdiction it covers; written only within one's own.
ALTER TABLE "burden_entry" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "burden_entry" FORCE ROW LEVEL SECURITY;
CREATE POLICY "jurisdiction" ON "burden_entry"
  USING ((SELECT "onetable_scope_all"()) OR "community_ids" && CAST((SELECT "onetable_scope"()) AS integer[]))
  WITH CHECK ((SELECT "onetable_scope_all"()) OR "community_ids" <@ CAST((SELECT "onetable_scope"()) AS integer[]));

-- A ledger entry's communities within the jurisdiction (an entry may cover more): a view, defined
-- here with the policies, so no module writes a scope filter of its own.
CREATE VIEW "burden_entry_community" AS
  SELECT e."id", e."at", e."kind", e."section_id", e."dataset", x."community_id"
  FROM "burden_entry" e, unnest(e."community_ids") AS x("community_id")
  WHERE "onetable_in_scope"(x."community_id");

-- The hub role may read and write rows (the policies decide which), append to the audit trail
-- (never change it), and read the migration history; it owns nothing and cannot change the schema.
GRANT USAGE ON SCHEMA public TO "onetable_hub";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "onetable_hub";
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event" FROM "onetable_hub";
DO $$
BEGIN
  -- Absent from the schema engine's shadow database, which applies scripts without bookkeeping.
  IF to_regclass('"_prisma_migrations"') IS NOT NULL THEN
    REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM "onetable_hub";
  END IF;
END $$;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "onetable_hub";
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "onetable_hub";
-- Tables and sequences added by later migrations (run by the same owner) get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "onetable_hub";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "onetable_hub";
