-- The hub caches, per process, what a principal's requests need (its section, its grants and
-- jurisdiction, its purpose's task): src/access/cache.ts. Every change to what that cache holds
-- notifies channel onetable_access at commit, and every server process drops its cache on it.
CREATE FUNCTION onetable_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('onetable_access', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "section" FOR EACH STATEMENT EXECUTE FUNCTION onetable_access_changed();
CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "field_grant" FOR EACH STATEMENT EXECUTE FUNCTION onetable_access_changed();
CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "task" FOR EACH STATEMENT EXECUTE FUNCTION onetable_access_changed();
CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "task_assist" FOR EACH STATEMENT EXECUTE FUNCTION onetable_access_changed();
CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "community" FOR EACH STATEMENT EXECUTE FUNCTION onetable_access_changed();
