"""Each abstract's weighted search document (title A, authors' names and keywords B, body C)
with a GIN index.

The authors are rows of another table, which a generated column cannot read: triggers keep the
column right instead, on every write path (forms, the admin, services, bulk creates): one before
an abstract is written, and one after any statement that adds, changes or removes authors
(which rebuilds the document of each abstract it touched, once). Django does not know the
column (it never loads it); `icis.core.search.StoredDocument` reads it for site search."""

from django.db import migrations

SQL = """
ALTER TABLE abstracts_abstract ADD COLUMN search_document tsvector NOT NULL DEFAULT ''::tsvector;

CREATE FUNCTION abstracts_search_document(text, text, text, bigint) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english'::regconfig, coalesce($1, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(
               (SELECT string_agg(author.name, ' ' ORDER BY author.position)
                FROM abstracts_author AS author WHERE author.abstract_id = $4), '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce($2, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce($3, '')), 'C')
$$;

CREATE FUNCTION abstracts_abstract_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := abstracts_search_document(NEW.title, NEW.keywords, NEW.body, NEW.id);
    RETURN NEW;
END
$$;

CREATE TRIGGER abstracts_abstract_search_document
BEFORE INSERT OR UPDATE OF title, keywords, body ON abstracts_abstract
FOR EACH ROW EXECUTE FUNCTION abstracts_abstract_search_document();

CREATE FUNCTION abstracts_author_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE abstracts_abstract AS abstract
        SET search_document = abstracts_search_document(
            abstract.title, abstract.keywords, abstract.body, abstract.id)
        WHERE abstract.id IN (SELECT abstract_id FROM new_authors);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE abstracts_abstract AS abstract
        SET search_document = abstracts_search_document(
            abstract.title, abstract.keywords, abstract.body, abstract.id)
        WHERE abstract.id IN (SELECT abstract_id FROM old_authors);
    ELSE
        UPDATE abstracts_abstract AS abstract
        SET search_document = abstracts_search_document(
            abstract.title, abstract.keywords, abstract.body, abstract.id)
        WHERE abstract.id IN (
            SELECT abstract_id FROM new_authors UNION SELECT abstract_id FROM old_authors
        );
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER abstracts_author_added_search_document
AFTER INSERT ON abstracts_author REFERENCING NEW TABLE AS new_authors
FOR EACH STATEMENT EXECUTE FUNCTION abstracts_author_search_document();

CREATE TRIGGER abstracts_author_changed_search_document
AFTER UPDATE ON abstracts_author REFERENCING OLD TABLE AS old_authors NEW TABLE AS new_authors
FOR EACH STATEMENT EXECUTE FUNCTION abstracts_author_search_document();

CREATE TRIGGER abstracts_author_removed_search_document
AFTER DELETE ON abstracts_author REFERENCING OLD TABLE AS old_authors
FOR EACH STATEMENT EXECUTE FUNCTION abstracts_author_search_document();

UPDATE abstracts_abstract
SET search_document = abstracts_search_document(title, keywords, body, id);

CREATE INDEX abstracts_abstract_search_document
ON abstracts_abstract USING gin (search_document);
"""

REVERSE_SQL = """
DROP TRIGGER abstracts_author_added_search_document ON abstracts_author;
DROP TRIGGER abstracts_author_changed_search_document ON abstracts_author;
DROP TRIGGER abstracts_author_removed_search_document ON abstracts_author;
DROP FUNCTION abstracts_author_search_document();
DROP TRIGGER abstracts_abstract_search_document ON abstracts_abstract;
DROP FUNCTION abstracts_abstract_search_document();
ALTER TABLE abstracts_abstract DROP COLUMN search_document;
DROP FUNCTION abstracts_search_document(text, text, text, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("abstracts", "0005_abstract_book")]

    operations = [migrations.RunSQL(sql=SQL, reverse_sql=REVERSE_SQL)]
