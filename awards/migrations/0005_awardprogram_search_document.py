"""Each award program's weighted search document (name A, summary B, description C) with a GIN
index.

PostgreSQL keeps the column up to date itself (a generated column), so every write path keeps
it right: forms, the admin, services, bulk creates and updates. Django does not know the column
(it never loads it); `icis.core.search.StoredDocument` reads it for site search."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_abstracts_for_travel_awards")]

    operations = [
        migrations.RunSQL(
            sql="""
            ALTER TABLE awards_awardprogram ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
            ) STORED;
            CREATE INDEX awards_awardprogram_search_document ON awards_awardprogram USING gin (search_document);
        """,
            reverse_sql="ALTER TABLE awards_awardprogram DROP COLUMN search_document;",
        ),
    ]
