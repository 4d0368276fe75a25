"""Operations makemigrations cannot write, carried into audit's squashed initial migration.

On PostgreSQL the access log is append-only in the database itself: UPDATE, DELETE and
TRUNCATE of access events, their subjects (the citizens a compact list read names) and
checkpoints are refused by triggers, except exactly one UPDATE per event: the sealer filling
the NULL seal columns without touching anything else (ADR 0007).
SQLite has no triggers of this kind; there the rule is kept by the code alone.

The leading underscore keeps Django's migration loader from reading this module as a
migration; `scripts/squash-migrations` appends `OPERATIONS` to the app's last generated
migration, so a new squash carries them over again. `OPERATIONS` holds all of it;
0001_initial runs `EVENT_OPERATIONS` (its tables) and 0002 `SUBJECT_OPERATIONS` (the subject
table it adds). Every statement is idempotent, so running a part twice is harmless.
"""

from django.db import migrations

SEAL_COLUMNS = "ARRAY['sequence', 'prev_hash', 'hash', 'key_id']"

CREATE = f"""
CREATE OR REPLACE FUNCTION audit_accessevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- The sealer's one update: every seal column NULL before and set after, and nothing
        -- else changed (the row as JSON, less the seal columns, is the same).
        IF OLD.sequence IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
           AND OLD.key_id IS NULL
           AND NEW.sequence IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
           AND NEW.key_id IS NOT NULL
           AND (to_jsonb(OLD) - {SEAL_COLUMNS}) = (to_jsonb(NEW) - {SEAL_COLUMNS})
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_accessevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_accessevent_append_only ON audit_accessevent;
CREATE TRIGGER audit_accessevent_append_only
    BEFORE UPDATE OR DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_accessevent_append_only();
DROP TRIGGER IF EXISTS audit_accessevent_no_truncate ON audit_accessevent;
CREATE TRIGGER audit_accessevent_no_truncate
    BEFORE TRUNCATE ON audit_accessevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_append_only();

CREATE OR REPLACE FUNCTION audit_checkpoint_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_checkpoint is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON audit_checkpoint;
CREATE TRIGGER audit_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only();
DROP TRIGGER IF EXISTS audit_checkpoint_no_truncate ON audit_checkpoint;
CREATE TRIGGER audit_checkpoint_no_truncate
    BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_append_only();
"""

SUBJECT_CREATE = """
CREATE OR REPLACE FUNCTION audit_accesseventsubject_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_accesseventsubject is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_accesseventsubject_append_only ON audit_accesseventsubject;
CREATE TRIGGER audit_accesseventsubject_append_only
    BEFORE UPDATE OR DELETE ON audit_accesseventsubject
    FOR EACH ROW EXECUTE FUNCTION audit_accesseventsubject_append_only();
DROP TRIGGER IF EXISTS audit_accesseventsubject_no_truncate ON audit_accesseventsubject;
CREATE TRIGGER audit_accesseventsubject_no_truncate
    BEFORE TRUNCATE ON audit_accesseventsubject
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accesseventsubject_append_only();
"""

SUBJECT_DROP = """
DROP TRIGGER IF EXISTS audit_accesseventsubject_no_truncate ON audit_accesseventsubject;
DROP TRIGGER IF EXISTS audit_accesseventsubject_append_only ON audit_accesseventsubject;
DROP FUNCTION IF EXISTS audit_accesseventsubject_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_accessevent_no_truncate ON audit_accessevent;
DROP TRIGGER IF EXISTS audit_accessevent_append_only ON audit_accessevent;
DROP FUNCTION IF EXISTS audit_accessevent_append_only();
DROP TRIGGER IF EXISTS audit_checkpoint_no_truncate ON audit_checkpoint;
DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON audit_checkpoint;
DROP FUNCTION IF EXISTS audit_checkpoint_append_only();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


EVENT_OPERATIONS = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
SUBJECT_OPERATIONS = [
    migrations.RunPython(_on_postgresql(SUBJECT_CREATE), _on_postgresql(SUBJECT_DROP))
]
# For a new squash: everything, after the (then single) migration has made every table.
OPERATIONS = [
    migrations.RunPython(
        _on_postgresql(CREATE + SUBJECT_CREATE), _on_postgresql(SUBJECT_DROP + DROP)
    )
]
