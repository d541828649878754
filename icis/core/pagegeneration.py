"""The page cache's generation: one number in PostgreSQL that grows whenever content shown on
public pages changes, however it changes (an admin save, a service, a bulk `.update()`, a
delete, raw SQL, a TRUNCATE).

Every table gets a trigger, except those of `EXCLUDED` (each with the reason no anonymous page
shows its rows). The trigger adds one to the single row of `icis_page_generation`, once per
transaction, at commit (a deferred constraint trigger). The counter is a row, not a sequence,
on purpose: its new value becomes visible in the same instant as the data the transaction
wrote, so a page rendered after reading generation N always shows at least what N stands for
(a sequence's `nextval` is visible before the commit is, and a page rendered in between would
be stored under the new number with the old data). The cost is that two transactions changing
public content at once commit one after the other, for the time of one row update.

The triggers are installed after every `migrate` (`install`, from the core app's
`post_migrate` handler), so a new table is covered as soon as it exists;
tests/core/test_pagecache_generation.py fails for a table that is neither covered nor excluded.

A second number in the same row, `p`, moves with every committed change the first does and
also with changes to the private tables of `EXCLUDED` (payments, registrations, sessions…),
except `PRIVATE_EXCLUDED`: the busy bookkeeping no member page shows. The cache of signed-in
pages (icis/core/privatecache.py) keeps a page only while `p` stands still.

Some tables hold rows that public pages show only in some states (an abstract once published;
its drafts are seen by their authors alone). The app that owns that rule registers it with
`public_when`: a change to such a table moves `n` only when the row is, or was before the
change, shown publicly, and `p` in any case. An author saving a draft then keeps every cached
anonymous page.

`next_change` answers the other half of "never stale": the next instant at which a public page
changes by the clock alone (a scheduled post appears, a call opens or closes, a fee window or a
meeting's day begins or ends). Cached pages expire no later than that.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from django.apps import apps
from django.db import DatabaseError, connection, connections

TABLE = "icis_page_generation"
TRIGGER = "icis_page_generation"
TRUNCATE_TRIGGER = "icis_page_generation_truncate"
FUNCTION = "icis_page_generation_bump"
PRIVATE_TRIGGER = "icis_private_generation"
PRIVATE_TRUNCATE_TRIGGER = "icis_private_generation_truncate"
PRIVATE_FUNCTION = "icis_private_generation_bump"

# Whole applications no anonymous page reads.
EXCLUDED_APPS = {
    "admin": "the staff's change log",
    "auth": "permissions and groups: who may use the admin",
    "contenttypes": "model names for the admin and permissions",
    "sessions": "sign-ins: a cached page is never one with a session",
    "account": "sign-in email addresses and their confirmations",
    "mfa": "two-factor authenticators",
    "socialaccount": "ORCID sign-in records",
    "django_celery_beat": "task schedules",
    "payments": "payments, refunds and cards: shown only to the payer and staff",
}

# Models of the society's own apps no anonymous page reads, with why. Everything else is
# covered, so a new model is covered unless someone decides here that it need not be.
EXCLUDED = {
    "core.AuditEntry": "the audit log, staff only",
    "mail.OutboundEmail": "the outbox",
    "members.RenewalCharge": "automatic renewal attempts, shown to the member and staff",
    "members.RenewalNoticeSent": "which renewal notices went out",
    "meetings.Registration": "shown to the registrant and staff; the registration page, "
    "whose 'sold out' counts them, is never cached (pagecache.UNCACHED_VIEWS)",
    "meetings.WaitlistEntry": "a person's place on a waiting list; see meetings.Registration",
    "meetings.CmeClaim": "a person's CME claim",
    "meetings.PromoCode": "codes are typed in at registration, never listed",
    "abstracts.AbstractReview": "reviewing is private to the panel",
    "abstracts.AbstractScore": "reviewing is private to the panel",
    "abstracts.AbstractConflict": "reviewing is private to the panel",
    "abstracts.AbstractPanelMember": "reviewing is private to the panel",
    "awards.Application": "applications are private; recipients are awards.Recipient",
    "awards.Document": "an application's files",
    "awards.RefereeRequest": "an application's referees",
    "awards.Review": "reviewing is private to the panel",
    "awards.Score": "reviewing is private to the panel",
    "awards.Conflict": "reviewing is private to the panel",
    "awards.PanelMember": "reviewing is private to the panel",
    "news.NewsletterSubscriber": "the mailing list",
    "virtual.RecordingView": "who watched what, for CME and the tournament",
    "posters.PosterVote": "votes, counted for staff",
    "posters.PosterQuestion": "asked inside the virtual meeting, which is never cached",
    "posters.QuestionBatch": "the presenter's notification batches",
    "exhibitors.Lead": "contacts shared with a booth",
    "exhibitors.BoothVisitDay": "a visitor's booth visits, for the tournament",
    "tournament.PointEvent": "the tournament's ledger, inside the virtual meeting",
    "tournament.BoardHiding": "a player's choice to leave the board",
    "tournament.DailyAnswer": "a player's answers",
    "mentorship.MentorshipRequest": "a trainee's request, shown to the two people and staff",
    "mentorship.Pairing": "a pairing and its goals, shown to the two people and staff",
    "mentorship.CheckInSent": "which check-in reminders went out",
    "mentorship.Feedback": "end-of-pairing feedback, read by staff only",
}

# Tables that move neither number: written all day by the machinery, shown to staff only.
PRIVATE_EXCLUDED_APPS = {
    "admin": "the staff's change log",
    "django_celery_beat": "task schedules, touched by every beat run",
}
PRIVATE_EXCLUDED = {
    "core.AuditEntry": "the audit log, staff only",
    "mail.OutboundEmail": "the outbox: the worker updates it for every email it sends",
}

# Columns whose changes no public page shows, on tables that are otherwise covered: a sign-in
# (last_login) must not drop every kept page.
IGNORED_UPDATES = {
    "accounts.User": {"last_login", "password"},
    # When a reminder went out: the admin's, read by the reminder tasks, shown on no member page.
    "abstracts.Abstract": {"reminder_sent_at", "presenter_reminded_at"},
}

# Tables whose rows public pages show only in some states: label -> a function from a row's
# name in SQL (NEW or OLD, in the trigger) to the condition under which that row is shown.
# Filled by the apps that own the rules (`public_when`, from their AppConfig.ready).
PUBLIC_WHEN: dict[str, Callable[[str], str]] = {}

# Columns at whose values a public page changes by the clock alone.
CLOCK_DATETIMES = (
    ("news.Post", "publish_at"),
    ("awards.AwardCycle", "opens_at"),
    ("awards.AwardCycle", "closes_at"),
    ("awards.AwardCycle", "letters_close_at"),
    ("abstracts.AbstractCall", "opens_at"),
    ("abstracts.AbstractCall", "closes_at"),
    ("abstracts.AbstractCall", "late_breaking_opens_at"),
    ("abstracts.AbstractCall", "late_breaking_closes_at"),
    ("abstracts.Abstract", "decision_released_at"),
)
# Days: a page may change when the day begins or ends in any time zone.
CLOCK_DATES = (
    ("meetings.Meeting", "start_date"),
    ("meetings.Meeting", "end_date"),
    ("meetings.FeeWindow", "ends_on"),
    ("meetings.RefundRule", "until"),
    ("meetings.ProgramDay", "date"),
    ("news.NewsletterItem", "deadline"),
    ("abstracts.AbstractCall", "presenter_registered_by"),
    ("site_pages.LeadershipTerm", "term_start"),
    ("site_pages.LeadershipTerm", "term_end"),
)
# A day begins first at UTC+14 and ends last at UTC-12; every zone's offset is a whole
# quarter of an hour, so within that span a page can change only on a quarter hour.
_EARLIEST_DAY_START = timedelta(hours=-14)
_LATEST_DAY_END = timedelta(days=1, hours=12)
QUARTER_HOUR = timedelta(minutes=15)

# Each number moves at most once per transaction: the transaction-local settings say it moved
# and are forgotten at its end. The trigger functions below call these two.
_MOVE_SQL = """
CREATE OR REPLACE FUNCTION icis_page_generation_move_both() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('icis.page_generation_bumped', true) IS DISTINCT FROM 'on' THEN
        UPDATE icis_page_generation SET n = n + 1, p = p + (
            CASE WHEN current_setting('icis.private_generation_bumped', true) = 'on'
            THEN 0 ELSE 1 END
        ) WHERE id = 1;
        PERFORM set_config('icis.page_generation_bumped', 'on', true);
        PERFORM set_config('icis.private_generation_bumped', 'on', true);
    END IF;
END $$;
CREATE OR REPLACE FUNCTION icis_page_generation_move_private() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('icis.private_generation_bumped', true) IS DISTINCT FROM 'on' THEN
        UPDATE icis_page_generation SET p = p + 1 WHERE id = 1;
        PERFORM set_config('icis.private_generation_bumped', 'on', true);
    END IF;
END $$;
"""
_TRIGGER_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {move}();
    RETURN NULL;
END $$
"""
_FUNCTION_SQL = _TRIGGER_FUNCTION_SQL.format(name=FUNCTION, move="icis_page_generation_move_both")
_PRIVATE_FUNCTION_SQL = _TRIGGER_FUNCTION_SQL.format(
    name=PRIVATE_FUNCTION, move="icis_page_generation_move_private"
)


# A table of `PUBLIC_WHEN` gets its own function: both numbers when the row is or was public,
# else the private number only.
_CONDITIONAL_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    shown boolean := false;
BEGIN
    IF current_setting('icis.page_generation_bumped', true) IS NOT DISTINCT FROM 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        shown := coalesce(({old}), false);
    END IF;
    IF NOT shown AND TG_OP <> 'DELETE' THEN
        shown := coalesce(({new}), false);
    END IF;
    IF shown THEN
        PERFORM icis_page_generation_move_both();
    ELSE
        PERFORM icis_page_generation_move_private();
    END IF;
    RETURN NULL;
END $$
"""


def public_when(label: str, condition: Callable[[str], str]) -> None:
    """Rows of the model `label` are shown on public pages only when `condition(row)` holds:
    an SQL condition on the row named `row` (NEW or OLD), which may read other tables."""
    PUBLIC_WHEN[label] = condition


def _conditional_function(table: str) -> str:
    return f"{FUNCTION}_{table}"[:63]  # PostgreSQL's longest name


def is_covered(model) -> bool:
    meta = model._meta
    if not meta.managed or meta.proxy:
        return False
    if meta.app_label in EXCLUDED_APPS or meta.label in EXCLUDED:
        return False
    if meta.auto_created:  # a many-to-many table: covered when either side is
        return any(is_covered(f.related_model) for f in meta.fields if f.is_relation)
    return True


def is_private(model) -> bool:
    """Not public content, but shown to someone signed in: moves only the private number."""
    meta = model._meta
    if not meta.managed or meta.proxy or is_covered(model):
        return False
    if meta.app_label in PRIVATE_EXCLUDED_APPS or meta.label in PRIVATE_EXCLUDED:
        return False
    if meta.auto_created:
        return any(is_private(f.related_model) for f in meta.fields if f.is_relation)
    return True


def covered_tables() -> dict[str, list[str] | None]:
    """Each covered table, with the columns whose update counts (None: any column)."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if not is_covered(model):
            continue
        ignored = IGNORED_UPDATES.get(model._meta.label)
        columns = None
        if ignored:
            columns = [f.column for f in model._meta.concrete_fields if f.name not in ignored]
        tables[model._meta.db_table] = columns
    return dict(sorted(tables.items()))


def private_tables() -> set[str]:
    """The tables that move only the private number."""
    return {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if is_private(model)
    }


def _ignored_columns_trigger_sql(quote, table: str) -> str:
    """The private number follows the columns the public one ignores (a new password ends the
    other sessions' kept pages)."""
    return (
        f"CREATE CONSTRAINT TRIGGER {PRIVATE_TRIGGER} AFTER UPDATE ON {quote(table)} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {PRIVATE_FUNCTION}()"
    )


def install(*, using: str = "default") -> list[str]:
    """Create the counter, its function and the triggers that are missing, and move to a new
    generation. Returns the tables that got a trigger now."""
    added = []
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(id smallint PRIMARY KEY CHECK (id = 1), n bigint NOT NULL)"
        )
        cursor.execute(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS p bigint NOT NULL DEFAULT 1")
        # Every migrate (every deploy) starts a new generation: no page rendered by the code
        # before it is served after it.
        cursor.execute(
            f"INSERT INTO {TABLE} (id, n, p) VALUES (1, 1, 1) ON CONFLICT (id) "  # noqa: S608  # nosec B608
            f"DO UPDATE SET n = {TABLE}.n + 1, p = {TABLE}.p + 1"
        )
        cursor.execute(_MOVE_SQL)
        cursor.execute(_FUNCTION_SQL)
        cursor.execute(_PRIVATE_FUNCTION_SQL)
        cursor.execute(
            "SELECT c.relname, t.tgname, f.proname FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc f ON f.oid = t.tgfoid "
            "WHERE t.tgname IN (%s, %s, %s, %s)",
            [TRIGGER, TRUNCATE_TRIGGER, PRIVATE_TRIGGER, PRIVATE_TRUNCATE_TRIGGER],
        )
        functions = {(table, trigger): function for table, trigger, function in cursor.fetchall()}
        present = set(functions)
        existing = set(connections[using].introspection.table_names(cursor))
        quote = connections[using].ops.quote_name
        tables = {model._meta.db_table: model for model in apps.get_models()}
        for table, columns in covered_tables().items():
            if table not in existing:
                continue
            quoted = quote(table)
            update = "UPDATE"
            if columns:
                update += " OF " + ", ".join(quote(column) for column in columns)
            function = FUNCTION
            model = tables.get(table)
            condition = PUBLIC_WHEN.get(model._meta.label) if model else None
            if condition is not None:
                function = _conditional_function(table)
                cursor.execute(
                    _CONDITIONAL_FUNCTION_SQL.format(
                        name=function, old=condition("OLD"), new=condition("NEW")
                    )
                )
            if functions.get((table, TRIGGER), function) != function:
                # The rule of what is public on this table changed since the trigger was made.
                cursor.execute(f"DROP TRIGGER {TRIGGER} ON {quoted}")
                present.discard((table, TRIGGER))
            if (table, TRIGGER) not in present:
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR {update} OR DELETE "
                    f"ON {quoted} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                    f"EXECUTE FUNCTION {function}()"
                )
                added.append(table)
            if (table, TRUNCATE_TRIGGER) not in present:
                cursor.execute(
                    f"CREATE TRIGGER {TRUNCATE_TRIGGER} AFTER TRUNCATE ON {quoted} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
                )
            if columns and (table, PRIVATE_TRIGGER) not in present:
                cursor.execute(_ignored_columns_trigger_sql(quote, table))
        for table in sorted(private_tables() & existing):
            quoted = quote(table)
            if (table, PRIVATE_TRIGGER) not in present:
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {PRIVATE_TRIGGER} "
                    f"AFTER INSERT OR UPDATE OR DELETE ON {quoted} DEFERRABLE INITIALLY DEFERRED "
                    f"FOR EACH ROW EXECUTE FUNCTION {PRIVATE_FUNCTION}()"
                )
                added.append(table)
            if (table, PRIVATE_TRUNCATE_TRIGGER) not in present:
                cursor.execute(
                    f"CREATE TRIGGER {PRIVATE_TRUNCATE_TRIGGER} AFTER TRUNCATE ON {quoted} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {PRIVATE_FUNCTION}()"
                )
    return added


def current_pair() -> tuple[int, int] | None:
    """The public and the private number now, or None when they cannot be read (then nothing
    is cached)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT n, p FROM {TABLE} WHERE id = 1")  # noqa: S608  # nosec B608
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return (row[0], row[1]) if row else None


def current() -> int | None:
    """The public number now, or None when it cannot be read."""
    pair = current_pair()
    return pair[0] if pair else None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def next_change(now: datetime) -> datetime | None:
    """The next instant after `now` at which a public page may change by the clock alone.
    One query."""
    parts, params = [], []
    for label, field in CLOCK_DATETIMES:
        model = apps.get_model(label)
        column = model._meta.get_field(field).column
        parts.append(f'SELECT MIN("{column}") FROM "{model._meta.db_table}" WHERE "{column}" > %s')  # noqa: S608  # nosec B608
        params.append(now)
    # A day's changes end at its end in the last zone: days that ended there are past.
    first_day = (now - _LATEST_DAY_END).date() + timedelta(days=1)
    for label, field in CLOCK_DATES:
        model = apps.get_model(label)
        column = model._meta.get_field(field).column
        parts.append(f'SELECT MIN("{column}") FROM "{model._meta.db_table}" WHERE "{column}" >= %s')  # noqa: S608  # nosec B608
        params.append(first_day)
    sql = "SELECT " + ", ".join(f"({part})" for part in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    instants = [value for value in row[: len(CLOCK_DATETIMES)] if value is not None]
    for value in row[len(CLOCK_DATETIMES) :]:
        if value is None:
            continue
        day_start = _day_start(value)
        begins, ends = day_start + _EARLIEST_DAY_START, day_start + _LATEST_DAY_END
        if now < begins:
            instants.append(begins)
        elif now < ends:  # some zone's day turns on the next quarter hour
            since = now - day_start
            instants.append(day_start + (since // QUARTER_HOUR + 1) * QUARTER_HOUR)
    return min(instants) if instants else None
