"""Moving existing members in from the old association-management system's CSV export.

Every row is checked first, without writing anything, so staff see a preview; the import then runs
all rows in one transaction or none of them."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from icis.core.audit import audit_record
from icis.core.locks import lock_all

from .audit import MemberAction
from .exceptions import MembershipError
from .models import Membership, MembershipType
from .services import member_import_row

User = get_user_model()

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
FILE_TOO_LARGE = (
    f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files."
)
REQUIRED_COLUMNS = (
    "email",
    "given_name",
    "family_name",
    "membership_type",
    "start_date",
    "end_date",
)
# The account's own field lengths: a longer value could not be saved.
MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 150
# date.fromisoformat also takes 20260301 and 2026-W09-7; staff should see only one form.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class MemberImportError(MembershipError):
    """The file, or the import as a whole, cannot go ahead. `plan`, when there is one, holds the
    rows with their errors so staff can see which to fix."""

    def __init__(self, message: str, *, plan: "ImportPlan | None" = None):
        super().__init__(message)
        self.plan = plan


@dataclass
class ImportRow:
    line: int
    email: str
    first_name: str
    last_name: str
    membership_type: MembershipType | None = None
    start_date: date | None = None
    end_date: date | None = None
    errors: list[str] = field(default_factory=list)
    existing_account: bool = False
    # The name an existing account keeps: the import never renames anyone.
    existing_name: str = ""

    @property
    def email_key(self) -> str:
        return self.email.lower()

    @property
    def outcome(self) -> str:
        if self.errors:
            return "Not imported"
        if not self.existing_account:
            return "New account"
        if self.existing_name and self.existing_name != f"{self.first_name} {self.last_name}":
            return f"Existing account (its name stays {self.existing_name})"
        return "Existing account"


@dataclass
class ImportPlan:
    rows: list[ImportRow]

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def new_account_count(self) -> int:
        return sum(1 for row in self.rows if not row.errors and not row.existing_account)


# --- Reading the file -------------------------------------------------------------------------


def _decode(file_bytes: bytes) -> str:
    if len(file_bytes) > MAX_FILE_BYTES:
        raise MemberImportError(FILE_TOO_LARGE)
    try:
        # utf-8-sig drops the byte order mark Excel puts at the start of "CSV UTF-8" files.
        text = file_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MemberImportError(
            "The file is not UTF-8 text, so it cannot be read as a CSV. In Excel choose "
            "Save As, then 'CSV UTF-8 (Comma delimited)'."
        ) from None
    if "\x00" in text:
        raise MemberImportError("The file is not a CSV text file (it contains binary data).")
    return text


def _is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def _read_records(text: str) -> list[tuple[int, dict[str, str]]]:
    """Each non-blank record after the header, by column name, with the line it starts on (a
    quoted value may run over several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[tuple[int, dict[str, str]]] = []
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if _is_blank(cells):
                continue
            if header is None:
                header = [name.strip().lower() for name in cells]
                _check_header(header, line=line)
                continue
            if len(records) == MAX_ROWS:
                raise MemberImportError(
                    f"The file has more than {MAX_ROWS:,} member rows. Split it into smaller files."
                )
            records.append((line, _values_by_column(header, cells)))
    except csv.Error as exc:
        raise MemberImportError(
            f"Line {reader.line_num} could not be read as CSV ({exc})."
        ) from None
    if header is None:
        raise MemberImportError("The file is empty.")
    return records


def _values_by_column(header: list[str], cells: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    # Unknown columns come along unused; when a name is repeated, its first column counts.
    for name, cell in zip(header, cells, strict=False):
        values.setdefault(name, cell)
    return values


def _check_header(header: list[str], *, line: int) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if not missing:
        return
    message = (
        f"The header row (line {line}) lacks the column{'s' if len(missing) > 1 else ''} "
        f"{', '.join(missing)}. It must name all of: {', '.join(REQUIRED_COLUMNS)}."
    )
    if len(header) == 1 and ";" in header[0]:
        message += " The file seems to separate values with semicolons; save it with commas."
    raise MemberImportError(message)


# --- Checking each row ------------------------------------------------------------------------


class _TypeLookup:
    """Membership types by slug or name, whatever the case, loaded once for the whole file."""

    def __init__(self, types: list[MembershipType]):
        self.slugs = sorted(t.slug for t in types)
        self._by_key: dict[str, MembershipType | None] = {}
        for membership_type in types:
            name_key = membership_type.name.strip().lower()
            # Two types may share a name; only the slug then says which one is meant.
            if name_key in self._by_key and self._by_key[name_key] != membership_type:
                self._by_key[name_key] = None
            else:
                self._by_key[name_key] = membership_type
        for membership_type in types:
            self._by_key[membership_type.slug.lower()] = membership_type

    def find(self, value: str) -> tuple[MembershipType | None, str]:
        value = value.strip()
        key = value.lower()
        if not key:
            return None, "membership_type is empty."
        if key not in self._by_key:
            return None, (
                f'membership_type "{value}" is not a membership type. Use one of: '
                f"{', '.join(self.slugs)}."
            )
        found = self._by_key[key]
        if found is None:
            return None, f'More than one membership type is called "{value}": use its slug.'
        return found, ""


def _parse_date(values: dict[str, str], column: str, errors: list[str]) -> date | None:
    raw = values.get(column, "").strip()
    if not raw:
        return None
    try:
        if not ISO_DATE.fullmatch(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(f'{column} "{raw}" is not a date written YYYY-MM-DD.')
        return None


def _check_email(email: str, errors: list[str]) -> None:
    if not email:
        errors.append("email is empty.")
        return
    try:
        validate_email(email)
        if len(email) > MAX_EMAIL_LENGTH:
            raise ValidationError("too long")
    except ValidationError:
        errors.append(f'email "{email}" is not a valid email address.')


def _check_name(value: str, column: str, errors: list[str]) -> None:
    if not value:
        errors.append(f"{column} is empty.")
    elif len(value) > MAX_NAME_LENGTH:
        errors.append(f"{column} is longer than {MAX_NAME_LENGTH} characters.")


def _check_term(row: ImportRow, raw_end: str) -> None:
    membership_type, start, end = row.membership_type, row.start_date, row.end_date
    if membership_type is None:
        return
    lifetime = membership_type.term_months is None
    if not raw_end and not lifetime:
        row.errors.append(
            f"end_date is empty, but {membership_type.name} is not a lifetime membership."
        )
    if end and lifetime:
        row.errors.append(
            f"end_date must be empty: {membership_type.name} is a lifetime membership."
        )
    if start and end and end < start:
        row.errors.append(f"end_date {end} is before start_date {start}.")


def _row_from_record(line: int, values: dict[str, str], types: _TypeLookup) -> ImportRow:
    row = ImportRow(
        line=line,
        email=values.get("email", "").strip(),
        first_name=values.get("given_name", "").strip(),
        last_name=values.get("family_name", "").strip(),
    )
    _check_email(row.email, row.errors)
    _check_name(row.first_name, "given_name", row.errors)
    _check_name(row.last_name, "family_name", row.errors)
    row.membership_type, type_error = types.find(values.get("membership_type", ""))
    if type_error:
        row.errors.append(type_error)
    if not values.get("start_date", "").strip():
        row.errors.append("start_date is empty.")
    row.start_date = _parse_date(values, "start_date", row.errors)
    row.end_date = _parse_date(values, "end_date", row.errors)
    _check_term(row, values.get("end_date", "").strip())
    return row


def _mark_repeated_emails(rows: list[ImportRow]) -> None:
    first_line: dict[str, int] = {}
    for row in rows:
        if not row.email:
            continue
        if row.email_key in first_line:
            row.errors.append(
                f"{row.email} is also on line {first_line[row.email_key]}: each member may "
                "appear only once."
            )
        else:
            first_line[row.email_key] = row.line


def _mark_existing_members(rows: list[ImportRow]) -> None:
    """Two queries whatever the file's length: the accounts, and their confirmed terms."""
    keys = {row.email_key for row in rows if row.email}
    if not keys:
        return
    accounts = {
        key: f"{first} {last}"
        for key, first, last in User.objects.annotate(email_key=Lower("email"))
        .filter(email_key__in=keys)
        .values_list("email_key", "first_name", "last_name")
    }
    term_starts = set(
        Membership.objects.confirmed()
        .annotate(email_key=Lower("user__email"))
        .filter(email_key__in=keys)
        .values_list("email_key", "start_date")
    )
    for row in rows:
        if row.email_key not in accounts:
            continue
        row.existing_account = True
        row.existing_name = accounts[row.email_key].strip()
        if (row.email_key, row.start_date) in term_starts:
            row.errors.append(f"{row.email} already has a term starting {row.start_date:%d %B %Y}.")


def parse_member_csv(file_bytes: bytes) -> ImportPlan:
    """Check every row of the file and say what importing it would do. Writes nothing.

    Raises MemberImportError when the file as a whole cannot be used (not UTF-8 text, too large,
    too many rows, columns missing)."""
    text = _decode(file_bytes)
    records = _read_records(text)
    types = _TypeLookup(list(MembershipType.objects.all()))
    rows = [_row_from_record(line, values, types) for line, values in records]
    _mark_repeated_emails(rows)
    _mark_existing_members(rows)
    return ImportPlan(rows=rows)


# --- Importing --------------------------------------------------------------------------------


def _lock_existing_accounts(plan: ImportPlan) -> None:
    """Two imports of the same members at once wait for each other, so the second sees the
    first's terms instead of adding them again."""
    keys = [row.email_key for row in plan.rows]
    # In one order, so that two imports cannot each hold a lock the other waits for.
    lock_all(
        User.objects.annotate(email_key=Lower("email"))
        .filter(email_key__in=keys)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _import_rows(plan: ImportPlan, *, actor) -> None:
    for row in plan.rows:
        try:
            member_import_row(
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                membership_type=row.membership_type,
                start_date=row.start_date,
                end_date=row.end_date,
                actor=actor,
            )
        except MembershipError as exc:
            row.errors.append(str(exc))


def members_import(*, plan: ImportPlan, actor) -> int:
    """Import every row of a checked plan, all or nothing, and return how many were imported.

    Rows that fail now (the data changed since the plan was made) get their errors added to the
    plan and nothing is written."""
    if not plan.rows:
        raise MemberImportError("The file has no member rows to import.", plan=plan)
    if plan.has_errors:
        raise MemberImportError(_errors_summary(plan), plan=plan)
    try:
        with transaction.atomic():
            _lock_existing_accounts(plan)
            _import_rows(plan, actor=actor)
            if plan.has_errors:
                # Raised inside the block so that everything imported so far is rolled back.
                raise MemberImportError(_errors_summary(plan), plan=plan)
            audit_record(
                actor=actor,
                action=MemberAction.MEMBERSHIP_FILE_IMPORTED,
                data={"rows": len(plan.rows)},
            )
    except IntegrityError:
        raise MemberImportError(
            "Someone changed some of these members while the import ran, so nothing was "
            "imported. Upload the file again to check it.",
            plan=plan,
        ) from None
    return len(plan.rows)


def _errors_summary(plan: ImportPlan) -> str:
    count = len(plan.error_rows)
    return (
        f"{count} row{'s' if count > 1 else ''} of {len(plan.rows)} "
        f"{'have' if count > 1 else 'has'} errors, so nothing was imported. Correct the file "
        "and upload it again."
    )
