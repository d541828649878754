"""Weighted search documents with GIN indexes: meetings (name A, tagline and city B, welcome
text C) and program sessions (title A, description C).

PostgreSQL keeps the column up to date itself (a generated column), so every write path keeps
it right: forms, the admin, services, bulk creates and updates. Django does not know the column
(it never loads it); `icis.core.search.StoredDocument` reads it for site search."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_session_stream_url_https")]

    operations = [
        migrations.RunSQL(
            sql="""
            ALTER TABLE meetings_meeting ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(tagline, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(city, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(welcome_text, '')), 'C')
            ) STORED;
            CREATE INDEX meetings_meeting_search_document ON meetings_meeting USING gin (search_document);
        """,
            reverse_sql="ALTER TABLE meetings_meeting DROP COLUMN search_document;",
        ),
        migrations.RunSQL(
            sql="""
            ALTER TABLE meetings_session ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
            ) STORED;
            CREATE INDEX meetings_session_search_document ON meetings_session USING gin (search_document);
        """,
            reverse_sql="ALTER TABLE meetings_session DROP COLUMN search_document;",
        ),
    ]
