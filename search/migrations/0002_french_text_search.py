"""PostgreSQL: a French text-search configuration that ignores accents (numixs_french).

The database search backend indexes and queries with it (WAGTAILSEARCH_BACKENDS
SEARCH_CONFIG): words go through `unaccent`, then the French Snowball stemmer.
Nothing to do on SQLite (core.text normalises both sides there). Creating the
`unaccent` extension needs a role allowed to (the owner of the database on
PostgreSQL 13+, where unaccent is a trusted extension).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'numixs_french') THEN
        CREATE TEXT SEARCH CONFIGURATION numixs_french (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION numixs_french
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS numixs_french;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_synonyms_and_zero_results")]

    operations = [migrations.RunPython(create, drop)]
