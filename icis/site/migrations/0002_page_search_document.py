"""Each page's weighted search document (title A, summary B, body C) with a GIN index.

PostgreSQL keeps the column up to date itself (a generated column), so every write path keeps
it right: forms, the admin, services, bulk creates and updates. Django does not know the column
(it never loads it); `icis.core.search.StoredDocument` reads it for site search."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("site_pages", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql="""
            ALTER TABLE site_pages_page ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
            ) STORED;
            CREATE INDEX site_pages_page_search_document ON site_pages_page USING gin (search_document);
        """,
            reverse_sql="ALTER TABLE site_pages_page DROP COLUMN search_document;",
        ),
    ]
