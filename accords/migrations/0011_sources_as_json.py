"""Each event's sources as one JSON array, kept by the database (``accords.models.SourcesJSON``).

Triggers on ``accords_source`` rewrite the affected events' rows in the same statement as any
insert, update or delete of a source, so the stored array can never differ from the sources,
whatever wrote them; a trigger on ``accords_event`` deletes an event's row with the event, even
when a bulk delete skips Django's cascade (the demo data's removal). A source's insert (or its move to another event) creates the event's row;
a delete only rewrites an existing row, so deleting an event (whose row Django's cascade may
delete before its sources) never recreates it. The array is what ``SourceSerializer`` writes:
compact, keys in ``Source.CITATION_FIELDS`` order, non-ASCII as it is, in id order
(tests/test_api_lean_lists.py and tests/test_sources_json.py compare them byte for byte).

A change to the sources' fields needs a migration that replaces these triggers and refills
the table (the ``REFILL`` statement).
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "accords_sourcesjson"

#: The array of one event's sources (the event's id where ``{event}`` stands).
ARRAY = {
    "sqlite": """(SELECT '[' || COALESCE(group_concat(printf('{"url":%s,"archived_url":%s,'
        || '"title":%s,"publisher":%s,"published_on":%s,"copy_of":%s,"secondary":%s,'
        || '"language":%s}', json_quote(s.url), json_quote(s.archived_url),
        json_quote(s.title), json_quote(s.publisher), json_quote(s.published_on),
        json_quote(s.copy_of), CASE WHEN s.secondary THEN 'true' ELSE 'false' END,
        json_quote(s.language)), ','), '') || ']'
        FROM (SELECT * FROM accords_source s WHERE s.event_id = {event} ORDER BY s.id) s)""",
    # row_to_json is compact ({"a":1}), where json_build_object and json_agg add spaces.
    "postgresql": """(SELECT '[' || COALESCE(string_agg(row_to_json(x)::text, ','
        ORDER BY s.id), '') || ']' FROM accords_source s CROSS JOIN LATERAL (SELECT s.url,
        s.archived_url, s.title, s.publisher, s.published_on, s.copy_of, s.secondary,
        s.language) x WHERE s.event_id = {event})""",
}


def _array(vendor, event):
    return ARRAY[vendor].replace("{event}", event)


def _upsert(vendor, event):
    return (
        f"INSERT INTO {TABLE} (event_id, json) VALUES ({event}, {_array(vendor, event)})"
        f" ON CONFLICT (event_id) DO UPDATE SET json = excluded.json;"
    )


def _rewrite(vendor, event):
    return f"UPDATE {TABLE} SET json = {_array(vendor, event)} WHERE event_id = {event};"


REFILL = {
    vendor: f"INSERT INTO {TABLE} (event_id, json) SELECT e.id, {_array(vendor, 'e.id')}"
    f" FROM accords_event e"
    for vendor in ARRAY
}

CREATE = {
    "sqlite": [
        f"CREATE TRIGGER accords_source_json_insert AFTER INSERT ON accords_source BEGIN "
        f"{_upsert('sqlite', 'NEW.event_id')} END",
        f"CREATE TRIGGER accords_source_json_update AFTER UPDATE ON accords_source BEGIN "
        f"{_rewrite('sqlite', 'OLD.event_id')} {_upsert('sqlite', 'NEW.event_id')} END",
        f"CREATE TRIGGER accords_source_json_delete AFTER DELETE ON accords_source BEGIN "
        f"{_rewrite('sqlite', 'OLD.event_id')} END",
        f"CREATE TRIGGER accords_event_json_delete AFTER DELETE ON accords_event BEGIN "
        f"DELETE FROM {TABLE} WHERE event_id = OLD.id; END",
    ],
    "postgresql": [
        f"""CREATE FUNCTION accords_source_json() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN {_rewrite("postgresql", "OLD.event_id")}
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {_upsert("postgresql", "NEW.event_id")}
            END IF;
            RETURN NULL;
        END $$""",
        "CREATE TRIGGER accords_source_json AFTER INSERT OR UPDATE OR DELETE ON accords_source"
        " FOR EACH ROW EXECUTE FUNCTION accords_source_json()",
        f"""CREATE FUNCTION accords_event_json() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM {TABLE} WHERE event_id = OLD.id;
            RETURN NULL;
        END $$""",
        "CREATE TRIGGER accords_event_json AFTER DELETE ON accords_event"
        " FOR EACH ROW EXECUTE FUNCTION accords_event_json()",
    ],
}

DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS accords_source_json_insert",
        "DROP TRIGGER IF EXISTS accords_source_json_update",
        "DROP TRIGGER IF EXISTS accords_source_json_delete",
        "DROP TRIGGER IF EXISTS accords_event_json_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS accords_source_json ON accords_source",
        "DROP FUNCTION IF EXISTS accords_source_json()",
        "DROP TRIGGER IF EXISTS accords_event_json ON accords_event",
        "DROP FUNCTION IF EXISTS accords_event_json()",
    ],
}


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"sources as JSON: no triggers written for {vendor}")
        for statement in (
            statements[vendor] if isinstance(statements[vendor], list) else [statements[vendor]]
        ):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accords", "0010_editor_credit"),
    ]

    operations = [
        migrations.CreateModel(
            name="SourcesJSON",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="accords.event",
                    ),
                ),
                ("json", models.TextField()),
            ],
            options={
                "verbose_name": "sources as JSON",
                "verbose_name_plural": "sources as JSON",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(_run(CREATE), _run(DROP)),
        migrations.RunPython(_run(REFILL), migrations.RunPython.noop),
    ]
