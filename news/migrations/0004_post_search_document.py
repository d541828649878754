"""Each post's weighted search document (title A, summary B, body C) with a GIN index.

PostgreSQL keeps the column up to date itself (a generated column), so every write path keeps
it right: forms, the admin, services, bulk creates and updates. Django does not know the column
(it never loads it); `icis.core.search.StoredDocument` reads it for site search."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("news", "0003_research_news_once_per_form")]

    operations = [
        migrations.RunSQL(
            sql="""
            ALTER TABLE news_post ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
            ) STORED;
            CREATE INDEX news_post_search_document ON news_post USING gin (search_document);
        """,
            reverse_sql="ALTER TABLE news_post DROP COLUMN search_document;",
        ),
    ]
