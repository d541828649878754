"""Applicants' PDFs and referees' letters: checked by their content, kept out of the public
media folder, and opened only by those who may read them."""

import io
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from awards import selectors, services
from awards.documents import pdf_check
from awards.exceptions import AwardError, CallClosed
from awards.models import Document, DocumentKind, RefereeRequest
from icis.mail.models import OutboundEmail
from tests.awards.conftest import make_member, pdf_bytes, pdf_upload
from tests.factories import AwardProgramFactory, ConflictFactory, PanelMemberFactory, UserFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _file(data: bytes, name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="", owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _stored_files() -> set[Path]:
    return {path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()}


def _draft(cycle):
    user = make_member(degree_year=cycle.year - 3)
    return services.application_start(cycle=cycle, user=user), user


def _upload(application, user, upload, kind="cv", **kwargs):
    return services.document_upload(
        application_id=application.pk, user=user, kind=kind, upload=upload, **kwargs
    )


def _ask(application, user, email="referee@example.org", **kwargs):
    return services.referee_request(
        application_id=application.pk, user=user, name="Rita Referee", email=email, **kwargs
    )


def _token_from_email(referee) -> str:
    email = OutboundEmail.objects.get(
        template="awards/email/referee_request", to_email=referee.email
    )
    match = re.search(r"/awards/letters/([^/\s]+)/", email.body_text)
    assert match, email.body_text
    return match.group(1)


def _submitted(cycle):
    """A complete, submitted application with a CV and one letter asked for."""
    application, user = _draft(cycle)
    services.application_save(
        application_id=application.pk,
        user=user,
        title="Interferons",
        summary="A summary.",
        declaration_confirmed=True,
    )
    cv = _upload(application, user, pdf_upload(2))
    referee = _ask(application, user)
    services.application_submit(application_id=application.pk, user=user)
    return application, user, cv, referee


# --- pdf_check ----------------------------------------------------------------------------------


def test_a_real_pdf_is_accepted_with_its_page_count():
    checked = pdf_check(pdf_upload(3), max_pages=3, max_mb=2)

    assert checked.pages == 3
    assert checked.size == len(pdf_bytes(3))


@pytest.mark.parametrize(
    "data",
    [b"Curriculum vitae\nAda Lovelace\n", PNG + b"\x00" * 64],
    ids=["text", "png"],
)
def test_a_file_named_pdf_that_is_not_one_is_refused(data):
    with pytest.raises(ValidationError, match="This file is not a PDF"):
        pdf_check(_file(data, "cv.pdf"), max_pages=None)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 8,
        pdf_bytes(3)[: len(pdf_bytes(3)) // 2],
    ],
    ids=["garbage", "truncated"],
)
def test_a_damaged_pdf_is_refused(data):
    with pytest.raises(ValidationError, match="This PDF is damaged or not one we can read"):
        pdf_check(_file(data), max_pages=None)


def test_more_pages_than_allowed_are_refused_with_the_numbers():
    with pytest.raises(ValidationError) as refused:
        pdf_check(pdf_upload(3), max_pages=2)

    assert refused.value.messages == ["The PDF has 3 pages; the limit is 2."]


def test_a_file_over_the_size_limit_is_refused_with_its_size():
    three_mb = pdf_bytes(1) + b"%" + b"0" * (3 * 1024 * 1024)

    with pytest.raises(ValidationError) as refused:
        pdf_check(_file(three_mb), max_pages=None, max_mb=2)

    (message,) = refused.value.messages
    assert re.fullmatch(r"The file is 3\.\d MB; the limit is 2 MB\.", message), message


def test_a_file_just_over_the_limit_is_not_described_as_within_it():
    just_over = pdf_bytes(1) + b"%" + b"0" * (2 * 1024 * 1024 + 20 * 1024)

    with pytest.raises(ValidationError) as refused:
        pdf_check(_file(just_over), max_pages=None, max_mb=2)

    (message,) = refused.value.messages
    shown = float(re.search(r"The file is ([\d.]+) MB", message).group(1))
    assert shown > 2, message


def test_an_empty_file_and_a_password_protected_pdf_are_refused():
    with pytest.raises(ValidationError, match="The file is empty"):
        pdf_check(_file(b""), max_pages=None)
    with pytest.raises(ValidationError, match="password-protected"):
        pdf_check(_file(_encrypted_pdf()), max_pages=None)


# --- Uploading ----------------------------------------------------------------------------------


def test_an_uploaded_cv_is_stored_privately_with_its_pages(yi_cycle):
    application, user = _draft(yi_cycle)

    document = _upload(application, user, pdf_upload(2, name="Lovelace CV.pdf"))

    assert (document.kind, document.pages, document.original_name) == ("cv", 2, "Lovelace CV.pdf")
    assert document.size == len(pdf_bytes(2))
    path = Path(document.file.path).resolve()
    assert path.is_file() and path.read_bytes()[:5] == b"%PDF-"
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    # The stored name says nothing about the applicant.
    assert "Lovelace" not in document.file.name


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Just text", "This file is not a PDF"),
        (PNG, "This file is not a PDF"),
        (b"%PDF-1.4\n" + b"\x00garbage" * 100, "This PDF is damaged"),
        (pdf_bytes(3), "The PDF has 3 pages; the limit is 2."),
        (_encrypted_pdf(), "password-protected"),
        (pdf_bytes(1) + b"%" + b"0" * (3 * 1024 * 1024), "the limit is 2 MB"),
    ],
    ids=["text", "png", "damaged", "too-long", "encrypted", "too-large"],
)
def test_a_refused_upload_leaves_nothing_behind(yi_cycle, data, message):
    application, user = _draft(yi_cycle)
    before = _stored_files()

    with pytest.raises(AwardError, match=re.escape(message)):
        _upload(application, user, _file(data))

    assert application.files.count() == 0
    assert _stored_files() == before


def test_replacing_the_cv_keeps_one_and_deletes_the_old_file(
    yi_cycle, django_capture_on_commit_callbacks
):
    application, user = _draft(yi_cycle)
    first = _upload(application, user, pdf_upload(1, name="old.pdf"))
    old_path = Path(first.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        second = _upload(application, user, pdf_upload(2, name="new.pdf"))

    assert list(application.files.values_list("kind", "original_name", "pages")) == [
        ("cv", "new.pdf", 2)
    ]
    assert not Document.objects.filter(pk=first.pk).exists()
    assert not old_path.exists()
    assert Path(second.file.path).is_file()


def test_removing_a_document_deletes_its_file(yi_cycle, django_capture_on_commit_callbacks):
    application, user = _draft(yi_cycle)
    document = _upload(application, user, pdf_upload(1))
    path = Path(document.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        services.document_remove(application_id=application.pk, user=user, document_id=document.pk)

    assert not application.files.exists()
    assert not path.exists()


def test_only_the_documents_the_call_asks_for_are_taken(yi_cycle):
    application, user = _draft(yi_cycle)

    with pytest.raises(AwardError, match="does not ask for that document"):
        _upload(application, user, pdf_upload(1), kind=DocumentKind.STATEMENT)
    # An applicant cannot slip in a "referee letter" of their own.
    with pytest.raises(AwardError, match="does not ask for that document"):
        _upload(application, user, pdf_upload(1), kind=DocumentKind.LETTER)

    assert not application.files.exists()


def test_an_upload_after_the_deadline_is_refused_and_not_stored(yi_cycle):
    application, user = _draft(yi_cycle)
    before = _stored_files()

    with pytest.raises(CallClosed):
        _upload(application, user, pdf_upload(1), now=yi_cycle.closes_at)

    assert _stored_files() == before


# --- Referee letters ----------------------------------------------------------------------------


def test_asking_a_referee_emails_them_a_signed_link(yi_cycle):
    application, user = _draft(yi_cycle)

    referee = _ask(application, user, email="  Rita@Example.org ")

    assert referee.email == "rita@example.org"
    assert referee.expires_at == yi_cycle.closes_at
    email = OutboundEmail.objects.get(template="awards/email/referee_request")
    assert email.to_email == "rita@example.org"
    token = _token_from_email(referee)
    url = settings.SITE_URL.rstrip("/") + reverse("awards:letter", kwargs={"token": token})
    assert url in email.body_text
    assert services.referee_from_token(token) == referee
    assert user.get_full_name() in email.body_text


def test_a_referee_link_lasts_at_most_thirty_days(yi_cycle):
    now = timezone.now()
    yi_cycle.closes_at = now + timedelta(days=90)
    yi_cycle.save()
    application, user = _draft(yi_cycle)

    referee = _ask(application, user, now=now)

    assert referee.expires_at == now + timedelta(days=30)


def test_the_referee_must_be_someone_else(yi_cycle, nomination_cycle_factory):
    application, user = _draft(yi_cycle)

    with pytest.raises(AwardError, match="someone other than the candidate and yourself"):
        _ask(application, user, email=user.email.upper())

    nominator = make_member()
    nominee = make_member()
    nomination = services.nomination_start(
        cycle=nomination_cycle_factory(),
        user=nominator,
        nominee=services.Nominee(name="Nominee", email=nominee.email, institution=""),
    )
    for email in (nominee.email, nominator.email):
        with pytest.raises(AwardError, match="someone other than the candidate and yourself"):
            _ask(nomination, nominator, email=email)
    assert not OutboundEmail.objects.filter(template="awards/email/referee_request").exists()


def test_the_same_referee_is_asked_once_and_the_number_is_limited(yi_cycle):
    application, user = _draft(yi_cycle)
    _ask(application, user, email="one@example.org")

    with pytest.raises(AwardError, match=re.escape("You have already asked one@example.org.")):
        _ask(application, user, email="ONE@example.org")
    _ask(application, user, email="two@example.org")
    _ask(application, user, email="three@example.org")  # one asked for, two to spare
    with pytest.raises(AwardError, match="You have asked enough referees"):
        _ask(application, user, email="four@example.org")

    assert application.referees.count() == 3
    assert OutboundEmail.objects.filter(template="awards/email/referee_request").count() == 3


def test_a_referee_uploads_the_letter_once_and_the_applicant_is_told(yi_cycle):
    application, user = _draft(yi_cycle)
    referee = _ask(application, user)
    token = _token_from_email(referee)
    when = timezone.now()

    letter = services.letter_upload(token=token, upload=pdf_upload(2, "whatever.pdf"), now=when)

    assert (letter.kind, letter.referee, letter.pages) == (DocumentKind.LETTER, referee, 2)
    assert letter.application == application
    assert (
        Path(letter.file.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    )
    referee.refresh_from_db()
    assert referee.received_at == when
    told = OutboundEmail.objects.get(template="awards/email/letter_received")
    assert told.to_email == user.email
    assert "Rita Referee" in told.body_text

    with pytest.raises(AwardError, match="already been received"):
        services.letter_upload(token=token, upload=pdf_upload(1))
    assert application.files.filter(kind=DocumentKind.LETTER).count() == 1
    # A letter that has arrived cannot be withdrawn by the applicant.
    with pytest.raises(AwardError, match="cannot be removed"):
        services.referee_remove(application_id=application.pk, user=user, referee_id=referee.pk)


def test_a_letter_still_arrives_after_the_applicant_submitted(yi_cycle):
    application, _, _, referee = _submitted(yi_cycle)

    letter = services.letter_upload(token=_token_from_email(referee), upload=pdf_upload(1))

    assert letter.application == application
    assert OutboundEmail.objects.filter(template="awards/email/letter_received").count() == 1


def test_an_expired_link_is_refused(yi_cycle):
    application, user = _draft(yi_cycle)
    referee = _ask(application, user)
    token = _token_from_email(referee)

    with pytest.raises(AwardError, match="This link has expired"):
        services.letter_upload(token=token, upload=pdf_upload(1), now=referee.expires_at)

    referee.refresh_from_db()
    assert referee.received_at is None
    assert not application.files.exists()


def test_a_forged_or_tampered_link_is_refused(yi_cycle):
    application, user = _draft(yi_cycle)
    referee = _ask(application, user)
    token = _token_from_email(referee)
    forged = signing.dumps({"referee": referee.pk}, salt="another-purpose", compress=True)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    for bad in (forged, tampered, "not-a-token", ""):
        with pytest.raises(AwardError, match="This link is not valid"):
            services.letter_upload(token=bad, upload=pdf_upload(1))

    assert not application.files.exists()
    assert not OutboundEmail.objects.filter(template="awards/email/letter_received").exists()


def test_a_removed_request_s_link_stops_working(yi_cycle):
    application, user = _draft(yi_cycle)
    referee = _ask(application, user)
    token = _token_from_email(referee)

    services.referee_remove(application_id=application.pk, user=user, referee_id=referee.pk)

    with pytest.raises(AwardError, match="This link is not valid"):
        services.letter_upload(token=token, upload=pdf_upload(1))
    assert not Document.objects.exists()


def test_a_withdrawn_application_needs_no_letter(yi_cycle):
    application, user = _draft(yi_cycle)
    referee = _ask(application, user)
    services.application_withdraw(application_id=application.pk, user=user)

    with pytest.raises(AwardError, match="withdrawn, so no letter is needed"):
        services.letter_upload(token=_token_from_email(referee), upload=pdf_upload(1))


def test_a_letter_longer_than_the_call_allows_is_refused_and_the_link_still_works(yi_cycle):
    assert yi_cycle.letter_max_pages == 2
    application, user = _draft(yi_cycle)
    referee = _ask(application, user)
    token = _token_from_email(referee)

    with pytest.raises(AwardError, match=re.escape("The PDF has 3 pages; the limit is 2.")):
        services.letter_upload(token=token, upload=pdf_upload(3))
    with pytest.raises(AwardError, match="This file is not a PDF"):
        services.letter_upload(token=token, upload=_file(b"Dear panel, ...", "letter.pdf"))

    referee.refresh_from_db()
    assert referee.received_at is None and not application.files.exists()
    assert services.letter_upload(token=token, upload=pdf_upload(2)).pages == 2


# --- Letters after the call, and reminders -----------------------------------------------------


def _remind(application, user, referee, **kwargs):
    return services.referee_remind(
        application_id=application.pk, user=user, referee_id=referee.pk, **kwargs
    )


def _reminders():
    return OutboundEmail.objects.filter(
        template="awards/email/referee_request", dedupe_key__contains=":reminder:"
    )


def test_letters_can_stay_open_after_the_call_closes(yi_cycle):
    yi_cycle.letters_close_at = yi_cycle.closes_at + timedelta(days=7)
    yi_cycle.save()
    application, _, _, referee = _submitted(yi_cycle)
    assert referee.expires_at == yi_cycle.letters_close_at
    token = _token_from_email(referee)
    after_the_call = yi_cycle.closes_at + timedelta(days=3)

    # The applicant can change nothing any more, but the referee's letter still arrives.
    with pytest.raises(CallClosed):
        services.application_withdraw(
            application_id=application.pk, user=application.created_by, now=after_the_call
        )
    letter = services.letter_upload(token=token, upload=pdf_upload(1), now=after_the_call)
    assert letter.application == application


def test_no_letter_arrives_after_letters_close(yi_cycle):
    yi_cycle.letters_close_at = yi_cycle.closes_at + timedelta(days=7)
    yi_cycle.save()
    _, _, _, referee = _submitted(yi_cycle)

    with pytest.raises(AwardError, match="This link has expired"):
        services.letter_upload(
            token=_token_from_email(referee),
            upload=pdf_upload(1),
            now=yi_cycle.letters_close_at,
        )


def test_letters_cannot_close_before_the_call(yi_cycle):
    yi_cycle.letters_close_at = yi_cycle.closes_at - timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        yi_cycle.full_clean()
    assert "Letters cannot close before the call does" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        yi_cycle.save()


def test_a_reminder_emails_the_same_link_again_and_renews_it(yi_cycle):
    start = timezone.now()
    yi_cycle.closes_at = start + timedelta(days=60)
    yi_cycle.save()
    application, user = _draft(yi_cycle)
    referee = _ask(application, user, now=start)
    assert referee.expires_at == start + timedelta(days=30)
    token = _token_from_email(referee)
    later = start + timedelta(days=40)  # the first link has expired
    with pytest.raises(AwardError, match="This link has expired"):
        services.letter_upload(token=token, upload=pdf_upload(1), now=later)

    _remind(application, user, referee, now=later)

    [reminder] = _reminders()
    assert reminder.to_email == referee.email
    assert reminder.subject == f"[ICIS] Reminder: a letter of reference for {user.get_full_name()}"
    assert "A gentle reminder" in reminder.body_text
    # The reminder's link names the same request (a signed link also carries when it was
    # made, so its text differs), and the first email's link works again as well.
    reminded_token = re.search(r"/awards/letters/([^/\s]+)/", reminder.body_text).group(1)
    assert services.referee_from_token(reminded_token) == referee
    referee.refresh_from_db()
    assert referee.reminded_at == later
    assert referee.expires_at == yi_cycle.closes_at  # sooner than 30 days from the reminder
    assert services.letter_upload(token=token, upload=pdf_upload(1), now=later).pages == 1


def test_a_reminder_waits_a_day_after_the_last_email(yi_cycle):
    application, user = _draft(yi_cycle)
    asked = timezone.now()
    referee = _ask(application, user, now=asked)

    with pytest.raises(AwardError, match="you can send a reminder a day after that"):
        _remind(application, user, referee, now=asked + timedelta(hours=23))
    _remind(application, user, referee, now=asked + timedelta(hours=25))
    with pytest.raises(AwardError, match="you can send a reminder a day after that"):
        _remind(application, user, referee, now=asked + timedelta(hours=30))

    assert _reminders().count() == 1


def test_a_reminder_after_submitting_works_until_letters_close(yi_cycle):
    yi_cycle.letters_close_at = yi_cycle.closes_at + timedelta(days=7)
    yi_cycle.save()
    application, user, _, referee = _submitted(yi_cycle)

    _remind(application, user, referee, now=yi_cycle.closes_at + timedelta(days=2))
    with pytest.raises(CallClosed, match=r"Letters for .* closed on"):
        _remind(application, user, referee, now=yi_cycle.letters_close_at)

    assert _reminders().count() == 1


def test_no_reminder_for_a_letter_that_arrived_or_someone_else_s_referee(yi_cycle):
    application, user, _, referee = _submitted(yi_cycle)
    tomorrow = timezone.now() + timedelta(days=1, hours=1)
    stranger = make_member()

    with pytest.raises(AwardError):
        _remind(application, stranger, referee, now=tomorrow)
    other, other_user = _draft(yi_cycle)
    with pytest.raises(AwardError, match="not on this application"):
        _remind(other, other_user, referee, now=tomorrow)
    services.letter_upload(token=_token_from_email(referee), upload=pdf_upload(1))
    with pytest.raises(AwardError, match="already arrived"):
        _remind(application, user, referee, now=tomorrow)

    assert not _reminders().exists()


def test_the_applicant_reminds_a_referee_from_the_application_page(client, yi_cycle):
    application, user, _, referee = _submitted(yi_cycle)
    RefereeRequest.objects.filter(pk=referee.pk).update(
        requested_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(user)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Send a reminder" in page and "Withdraw the request" not in page  # submitted

    response = client.post(
        application.get_absolute_url(),
        {"action": "remind_referee", "referee": referee.pk},
        follow=True,
    )

    page = response.content.decode()
    assert "Rita Referee is reminded; their link works again until" in page
    # The button gives way to when the next reminder may go; an old tab is still refused.
    assert "Send a reminder" not in page and "a reminder can be sent from" in page
    again = client.post(
        application.get_absolute_url(),
        {"action": "remind_referee", "referee": referee.pk},
        follow=True,
    )
    assert "you can send a reminder a day after that" in again.content.decode()
    assert _reminders().count() == 1


# --- Who may open a file ------------------------------------------------------------------------


@pytest.fixture
def nomination_cycle_factory(db):
    from awards.models import Level
    from tests.awards.conftest import open_cycle_for

    def make():
        program = AwardProgramFactory(
            name="Service Award", slug="service", level=Level.SERVICE, summary="For service."
        )
        return open_cycle_for(program, intake="nominations", documents=(("nomination", 3),))

    return make


def test_the_applicant_reads_their_own_files_but_never_a_letter(yi_cycle):
    _, user, cv, referee = _submitted(yi_cycle)
    letter = services.letter_upload(token=_token_from_email(referee), upload=pdf_upload(1))

    assert selectors.document_for(document_id=cv.pk, user=user) == cv
    assert selectors.document_for(document_id=letter.pk, user=user) is None


def test_someone_else_reads_nothing_and_staff_read_everything(yi_cycle, staff_user):
    _, _, cv, referee = _submitted(yi_cycle)
    letter = services.letter_upload(token=_token_from_email(referee), upload=pdf_upload(1))
    stranger = UserFactory()
    other_applicant = make_member()

    for person in (stranger, other_applicant):
        assert selectors.document_for(document_id=cv.pk, user=person) is None
        assert selectors.document_for(document_id=letter.pk, user=person) is None
    # Staff read everything once their view has checked they act as staff (two-factor passed).
    staff = {"user": staff_user, "as_staff": True}
    assert selectors.document_for(document_id=cv.pk, **staff) == cv
    assert selectors.document_for(document_id=letter.pk, **staff) == letter
    assert selectors.document_for(document_id=letter.pk + 1000, **staff) is None
    assert selectors.document_for(document_id=letter.pk, user=staff_user) is None


def test_the_nominee_cannot_read_the_nomination_letter(nomination_cycle_factory):
    nominator = make_member()
    nominee = make_member()
    nomination = services.nomination_start(
        cycle=nomination_cycle_factory(),
        user=nominator,
        nominee=services.Nominee(name="Nominee", email=nominee.email, institution=""),
    )
    letter = _upload(nomination, nominator, pdf_upload(1), kind=DocumentKind.NOMINATION)

    assert selectors.document_for(document_id=letter.pk, user=nominator) == letter
    assert selectors.document_for(document_id=letter.pk, user=nominee) is None


def test_an_assigned_reviewer_reads_the_files_until_a_conflict_is_recorded(yi_cycle, staff_user):
    application, _, cv, referee = _submitted(yi_cycle)
    letter = services.letter_upload(token=_token_from_email(referee), upload=pdf_upload(1))
    reviewer = make_member(institution="Elsewhere University")
    bystander = make_member(institution="Another Place")
    for member in (reviewer, bystander):
        PanelMemberFactory(cycle=yi_cycle, reviewer=member)
    services.review_assign(application_id=application.pk, reviewer=reviewer, actor=staff_user)

    assert selectors.document_for(document_id=cv.pk, user=reviewer) == cv
    assert selectors.document_for(document_id=letter.pk, user=reviewer) == letter
    # On the panel but not assigned to this application.
    assert selectors.document_for(document_id=cv.pk, user=bystander) is None

    ConflictFactory(application=application, reviewer=reviewer, reason="Former student")

    assert selectors.document_for(document_id=cv.pk, user=reviewer) is None
    assert selectors.document_for(document_id=letter.pk, user=reviewer) is None


def test_a_reviewer_who_declares_a_conflict_loses_access(yi_cycle, staff_user):
    application, _, cv, _ = _submitted(yi_cycle)
    reviewer = make_member(institution="Elsewhere University")
    PanelMemberFactory(cycle=yi_cycle, reviewer=reviewer)
    review = services.review_assign(
        application_id=application.pk, reviewer=reviewer, actor=staff_user
    )

    services.conflict_declare(review_id=review.pk, reviewer=reviewer, reason="Co-author")

    assert selectors.document_for(document_id=cv.pk, user=reviewer) is None


def test_the_files_stay_out_of_the_public_media_folder(yi_cycle):
    media = Path(settings.MEDIA_ROOT)
    before = {p for p in media.rglob("*") if p.is_file()} if media.exists() else set()
    *_, referee = _submitted(yi_cycle)
    services.letter_upload(token=_token_from_email(referee), upload=pdf_upload(1))

    after = {p for p in media.rglob("*") if p.is_file()} if media.exists() else set()
    assert after == before
    stored = {Path(d.file.path).resolve() for d in Document.objects.all()}
    assert len(stored) == 2
    assert stored <= {p.resolve() for p in _stored_files()}
    assert all(os.path.getsize(path) > 0 for path in stored)


def test_checking_who_may_open_a_file_takes_fixed_queries(yi_cycle, staff_user):
    application, user, cv, _ = _submitted(yi_cycle)
    reviewer = make_member(institution="Elsewhere University")
    PanelMemberFactory(cycle=yi_cycle, reviewer=reviewer)
    services.review_assign(application_id=application.pk, reviewer=reviewer, actor=staff_user)

    def grow(n):
        for _ in range(n):
            other, *_ = _submitted(yi_cycle)
            services.review_assign(application_id=other.pk, reviewer=reviewer, actor=staff_user)

    # The document with its application; for a reviewer, one more for the assignment.
    for person, expected in ((staff_user, 1), (user, 1), (reviewer, 2)):
        assert_queries_at_sizes(
            expected=expected,
            grow=grow,
            action=lambda person=person: selectors.document_for(
                document_id=cv.pk, user=person, as_staff=person == staff_user
            ),
        )
