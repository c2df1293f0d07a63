-- The audit log is append-only: a sealed row never changes, an unsealed row only receives its seq and hashes,
-- and no row is ever deleted. The hash chain still detects a change made by someone who disables this trigger.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit_log is append-only: rows cannot be deleted';
  END IF;
  IF OLD.hash IS NOT NULL THEN
    RAISE EXCEPTION 'audit_log is append-only: sealed row % cannot change', OLD.seq;
  END IF;
  IF NEW.at IS DISTINCT FROM OLD.at OR NEW.kind IS DISTINCT FROM OLD.kind
     OR NEW.actor IS DISTINCT FROM OLD.actor OR NEW.data IS DISTINCT FROM OLD.data THEN
    RAISE EXCEPTION 'audit_log is append-only: only seq and hashes of an unsealed row may be set';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
--> statement-breakpoint
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0x0000000000000000000000000000000000000000000000000000000000000000');
