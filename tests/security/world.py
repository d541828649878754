"""One small society for the security harness: eight people, one per role, and the private
things of one of them ("another member"), built once through the real services.

Every other role asks for another member's objects; another member asking for their own is the
control that shows each address works at all."""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

import pyotp
from allauth.account.forms import default_token_generator as password_reset_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.test import Client
from django.utils import timezone

from awards import services as award_services
from awards.models import Level
from icis.core.images import placeholder_picture
from icis.mail.models import OutboundEmail
from icis.payments import services as payment_services
from meetings.abstracts import services as abstract_services
from meetings.abstracts.models import Abstract, AbstractPanelMember, AbstractReview
from meetings.models import Meeting, Partner
from meetings.registration import Attendee, registration_grant
from members import demo
from members.models import CareerStage, MembershipType
from members.services import membership_checkout, membership_grant
from news.services import newsletter_unsubscribe_token
from tests.awards.conftest import make_member, open_cycle_for, pdf_upload
from tests.conftest import enable_totp
from tests.factories import (
    PASSWORD,
    AbstractCallFactory,
    AbstractFactory,
    AbstractTopicFactory,
    AnnouncementFactory,
    AwardProgramFactory,
    FeeFactory,
    FeeWindowFactory,
    MeetingFactory,
    NewsletterIssueFactory,
    PageFactory,
    PanelMemberFactory,
    ProgramDayFactory,
    RegistrationCategoryFactory,
    RegistrationSettingsFactory,
    ResearchNewsFactory,
    ReviewFactory,
    SessionFactory,
    UserFactory,
    post_create,
)
from tests.factories.exhibitors import BoothFactory, pdf_resource
from tests.factories.mentorship import harness_mentoring
from tests.factories.posterqa import PosterQuestionFactory, VoteCategoryFactory, poster_files_add
from tests.factories.recordings import RecordingFactory
from tests.factories.tournament import harness_tournament
from tests.factories.virtual import PosterFactory

ROLES = (
    "anonymous",
    "signed_in",  # signed in, never a member
    "lapsed",  # a member whose membership ended years ago
    "member",  # an active member
    "another_member",  # an active member who owns every object asked for
    "reviewer",  # on the award panel, not assigned to another member's application
    "staff_no_2fa",  # staff and superuser, no authenticator
    "staff_2fa",  # staff and superuser, signed in with password and authenticator code
)

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Words only another member's private pages contain: no other role may ever be shown them.
SECRETS = (
    "Quasar-confidential-finding",  # research news title, awaiting review
    "Nebula-application-title",  # award application title
    "Pulsar-badge-name",  # meeting registration badge
    "Comet-abstract-title",  # a draft abstract's title
    "Aurora-mentoring-goal",  # a trainee's goals, in a request and in a pairing
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)  # URL keyword argument -> value
    by_name: dict = field(default_factory=dict)  # URL name -> its own keyword arguments
    mentoring: object = None  # tests/factories/mentorship.py: HarnessMentoring


def _meeting() -> Meeting:
    today = timezone.localdate()
    meeting = MeetingFactory(
        edition=14,
        name="Cytokines Harness Meeting",
        slug="cytokines-harness",
        currency="USD",
        start_date=today + timedelta(days=90),
        end_date=today + timedelta(days=93),
        time_zone="Europe/London",
        city="Cardiff",
        country="GB",
        format="hybrid",
        status=Meeting.Status.REGISTRATION_OPEN,
    )
    RegistrationSettingsFactory(meeting=meeting, access_details="Stream: secret link")
    window = FeeWindowFactory(meeting=meeting, name="Regular", ends_on=meeting.start_date)
    category = RegistrationCategoryFactory(
        meeting=meeting, slug="non-member", name="Non-member", ordering=1
    )
    FeeFactory(category=category, window=window, amount=75000)
    day = ProgramDayFactory(meeting=meeting, date=meeting.start_date)
    session = SessionFactory(
        day=day, title="Interferons at dawn", start_time=time(9), end_time=time(10)
    )
    meeting.harness_category = category
    meeting.harness_session = session
    meeting.harness_recording = RecordingFactory(session=session, title="Interferons, recorded")
    return meeting


def _sign_in_with_two_factor(user) -> Client:
    """The whole sign-in: password, then the authenticator's code."""
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    response = client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.status_code == 302, response.content[:500]
    assert client.get("/my/").status_code == 200
    return client


def build() -> World:
    world = World()
    demo.membership_types_ensure()
    regular = MembershipType.objects.get(slug="regular")
    users = world.users
    users["signed_in"] = UserFactory(first_name="Sam", last_name="Signedin")
    users["lapsed"] = make_member(first_name="Lee", last_name="Lapsed", member=False)
    membership_grant(
        user=users["lapsed"],
        membership_type=regular,
        actor=None,
        now=timezone.now() - timedelta(days=3 * 365),
    )
    users["member"] = make_member(first_name="Mia", last_name="Member")
    other = users["another_member"] = make_member(first_name="Ola", last_name="Other", member=False)
    # A senior researcher: on the award panel, and a mentor.
    users["reviewer"] = make_member(
        first_name="Rae", last_name="Reviewer", career_stage=CareerStage.SENIOR
    )
    users["staff_no_2fa"] = UserFactory(is_staff=True, is_superuser=True)
    users["staff_2fa"] = UserFactory(is_staff=True, is_superuser=True)
    authenticator = enable_totp(users["staff_2fa"], TOTP_SECRET)

    # Another member joined and paid (a receipt), and has started renewing (a pending payment).
    joined = timezone.now() - timedelta(days=330)
    paid = membership_checkout(user=other, membership_type=regular, now=joined)
    payment_services.payment_record_manual(
        payment_id=paid.pk,
        method="bank_transfer",
        reference="harness",
        actor=users["staff_2fa"],
        now=joined,
    )
    pending = membership_checkout(user=other, membership_type=regular)

    meeting = _meeting()
    registration_grant(
        user=other,
        meeting=meeting,
        category=meeting.harness_category,
        attendee=Attendee(badge_name=SECRETS[2], affiliation="Lab", country="GB"),
        actor=users["staff_2fa"],
    )

    # The iPoster gallery: the owner presents a poster (with its files), someone asked a
    # question on it, and a best-poster vote is open.
    poster = poster_files_add(
        PosterFactory(meeting=meeting, presenter=other, presenter_name="Harness Presenter")
    )
    PosterQuestionFactory(poster=poster, asker=users["member"], text="A harness question?")
    VoteCategoryFactory(meeting=meeting, name="Best harness poster")

    abstract_call = AbstractCallFactory(meeting=meeting)
    abstract_topic = AbstractTopicFactory(call=abstract_call, name="Harness topic")
    abstract = abstract_services.abstract_save(
        call_id=abstract_call.pk,
        user=other,
        content=abstract_services.AbstractContent(
            title=SECRETS[3],
            body="A draft.",
            authors=(abstract_services.AuthorEntry(name="Other", is_presenting=True),),
            affiliations=("Lab",),
        ),
    )

    program = AwardProgramFactory(
        name="Harness Prize", slug="harness-prize", level=Level.SENIOR, summary="A prize."
    )
    cycle = open_cycle_for(program, intake="both", letters=1)
    application = award_services.application_start(cycle=cycle, user=other)
    award_services.application_save(
        application_id=application.pk,
        user=other,
        title=SECRETS[1],
        summary="A summary.",
        declaration_confirmed=True,
    )
    document = award_services.document_upload(
        application_id=application.pk, user=other, kind="cv", upload=pdf_upload(1)
    )
    referee = award_services.referee_request(
        application_id=application.pk,
        user=other,
        name="Dr Referee",
        email="referee.harness@example.org",
    )
    # A third person's application: another member is assigned to review it, and so is the
    # reviewer, who is on the panel but not assigned to another member's application.
    third = make_member(first_name="Tia", last_name="Third")
    third_application = award_services.application_start(cycle=cycle, user=third)
    PanelMemberFactory(cycle=cycle, reviewer=other)
    PanelMemberFactory(cycle=cycle, reviewer=users["reviewer"])
    review = ReviewFactory(application=third_application, reviewer=other)
    ReviewFactory(application=third_application, reviewer=users["reviewer"])
    # The same for a third person's submitted abstract.
    third_abstract = AbstractFactory(
        call=abstract_call,
        submitter=third,
        topic=abstract_topic,
        status=Abstract.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    AbstractPanelMember.objects.create(call=abstract_call, reviewer=other)
    AbstractPanelMember.objects.create(call=abstract_call, reviewer=users["reviewer"])
    abstract_review = AbstractReview.objects.create(abstract=third_abstract, reviewer=other)
    AbstractReview.objects.create(abstract=third_abstract, reviewer=users["reviewer"])

    research = ResearchNewsFactory(
        member=other,
        title=SECRETS[0],
        summary="Unpublished.",
        paper_url="https://example.org/paper",
    )
    issue = NewsletterIssueFactory(
        number=77, date=date(2026, 1, 1), title="Draft issue", is_published=False
    )
    PageFactory(slug="harness-about", ordering=1)  # the first page lives at /about/
    page = PageFactory(slug="harness-page", ordering=2)
    draft = post_create(slug="harness-draft", status="draft")
    email = EmailAddress.objects.get(user=other)
    announcement = AnnouncementFactory(meeting=meeting, subject="Soon", body="News.")
    booth_file = pdf_resource(BoothFactory(meeting=meeting))  # in the harness meeting's hall
    tournament_kwargs = harness_tournament(meeting, today=meeting.local_today())
    mentoring = harness_mentoring(
        trainee=other, reviewer=users["reviewer"], third=third, meeting=meeting, goal=SECRETS[4]
    )
    outbound = OutboundEmail.objects.order_by("-pk").first()
    partner = Partner.objects.create(
        name="Harness Partner",
        logo=placeholder_picture("P", size=(900, 300), background="#fff", color="#000"),
        logo_alt="Harness Partner",
    )

    world.kwargs = {
        "payment_id": paid.pk,
        "public_id": pending.public_id,
        "slug": meeting.slug,
        "session_id": meeting.harness_session.pk,
        "recording_id": meeting.harness_recording.pk,
        "number": issue.number,
        "token": newsletter_unsubscribe_token(email=other.email),
        "application_id": application.pk,
        "abstract_id": abstract.pk,
        "document_id": document.pk,
        "review_id": review.pk,
        "cycle_id": cycle.pk,
        "call_id": abstract_call.pk,
        "research_id": research.pk,
        "poster_id": poster.pk,
        "booth_id": booth_file.booth_id,
        "resource_id": booth_file.pk,
        "pk": authenticator.instance.pk,
        "key": EmailConfirmationHMAC(email).key,
        "uidb36": user_pk_to_url_str(other),
        "ext": "png",
        **mentoring.kwargs,
    }
    world.by_name = {
        "news:detail": {"slug": draft.slug},
        "site:page": {"slug": page.slug},
        "picture": {"path": partner.logo.name},
        "awards:program": {"slug": program.slug},
        "abstracts:review": {"review_id": abstract_review.pk},
        "abstracts:review_conflict": {"review_id": abstract_review.pk},
        "awards:apply": {"slug": program.slug},
        "awards:nominate": {"slug": program.slug},
        "awards:letter": {"token": award_services.referee_token(referee)},
        "account_reset_password_from_key": {
            "uidb36": user_pk_to_url_str(other),
            "key": password_reset_token_generator.make_token(other),
        },
        "admin:mail_outboundemail_preview": {"pk": outbound.pk},
        "dashboard:csv": {"slug": "members"},
        "admin:meetings_announcement_test": {"pk": announcement.pk},
        "admin:meetings_announcement_send": {"pk": announcement.pk},
        "admin:news_newsletterissue_test": {"pk": issue.pk},
        "admin:news_newsletterissue_send": {"pk": issue.pk},
        "admin:tournament_prizedraw_run": tournament_kwargs,
        "admin:tournament_prizedraw_verify": tournament_kwargs,
        "mentorship:speed": {"session_id": mentoring.speed_session_id},
    }
    world.mentoring = mentoring

    world.clients["anonymous"] = Client(raise_request_exception=False)
    for role in ROLES[1:-1]:
        client = Client(raise_request_exception=False)
        client.force_login(users[role])
        world.clients[role] = client
    world.clients["staff_2fa"] = _sign_in_with_two_factor(users["staff_2fa"])
    return world
