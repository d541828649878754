"""Every form of the site, filled with hostile strings (tests/security/hostile.py) by Hypothesis
and sent as the role that may use it: never a server error, and never markup sent back
unescaped.

The fields sent are the ones the page itself renders (read from its HTML), so a new field is
fuzzed without a change here; each example runs in a savepoint rolled back after it, so every
example starts from the same society. A form class of the site's own with no target below fails
test_every_form_is_fuzzed."""

import re
import time
from dataclasses import dataclass, field

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from icis.core.spam import started_token
from tests.security.addresses import url_for
from tests.security.hostile import FUZZ, form_body, hostile, page_forms, unescaped_markup

# Runs are counted here and printed by test_the_fuzzing_counts (run with -s to see them).
COUNTS: dict[str, int] = {}

_PROJECT = re.compile(r"^(icis|members|meetings|awards|news|mentorship)\.")
_FORMSET_MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")


@dataclass(frozen=True)
class Target:
    page: str  # a URL name from the access table, or a path starting with "/"
    role: str
    covers: tuple[str, ...]  # the form classes this exercises, by class name
    form: int = 0  # which of the page's own forms (the header's search and sign-out aside)
    fixed: dict = field(default_factory=dict)  # fields sent as given, not fuzzed
    fields: tuple[str, ...] = ()  # fields to fuzz when the page renders none (script-driven)
    post_to: str = ""  # where to send, when not where the page's form sends


HUMAN = {"website": "", "started": started_token(at=time.time() - 60)}

TARGETS = {
    # Members
    "profile": Target("members:profile", "another_member", ("ProfileForm",)),
    "renew": Target("members:renew", "another_member", ("MembershipChoiceForm",)),
    "delete-account": Target("members:delete", "another_member", ("DeleteAccountForm",)),
    "directory-search": Target("members:directory", "member", ("DirectorySearchForm",)),
    "auto-renew-card": Target(
        "members:auto_renew",
        "another_member",
        ("CollectedCardForm",),
        fields=("payment_method", "setup_intent"),
    ),
    # Meetings
    "register": Target("meetings:register", "member", ("RegistrationForm",)),
    "join-and-register": Target(
        "meetings:register",
        "signed_in",
        ("RegistrationForm", "MembershipProfileForm"),
        fixed={"join": "regular"},
    ),
    "waitlist": Target(
        "meetings:register",
        "member",
        ("WaitlistForm",),
        fields=("category",),
        post_to="meetings:waitlist",
    ),
    "cancel": Target("meetings:cancel", "another_member", ("CancelForm",)),
    "cme": Target("meetings:cme_claim", "another_member", ("CmeForm",)),
    # The virtual meeting
    "on-demand-search": Target("virtual:on_demand", "another_member", ("OnDemandFilterForm",)),
    "recording-add": Target("/admin/virtual/recording/add/", "staff_2fa", ()),
    # Abstracts
    "abstract-submit": Target(
        "abstracts:submit",
        "member",
        ("AbstractForm", "AuthorForm", "AffiliationForm"),
        fixed={"action": "submit"},
    ),
    "abstract-edit": Target(
        "abstracts:edit",
        "another_member",
        ("AbstractForm", "AuthorForm", "AffiliationForm"),
        fixed={"action": "save"},
    ),
    "abstract-call": Target("/admin/abstracts/abstractcall/add/", "staff_2fa", ()),
    # Pictures: the admin forms with a picture and its alt text
    "leadership-term-add": Target("/admin/site_pages/leadershipterm/add/", "staff_2fa", ()),
    "partner-add": Target("/admin/meetings/partner/add/", "staff_2fa", ()),
    "accepted-search": Target("abstracts:accepted", "anonymous", ("AcceptedSearchForm",)),
    # The iPoster gallery (the owner presents the harness poster; staff hide questions)
    "poster-gallery": Target("posters:gallery", "another_member", ("GalleryFilterForm",)),
    "poster-answer": Target(
        "posters:detail", "another_member", ("AnswerForm",), fixed={"action": "answer"}
    ),
    "poster-question": Target(
        "posters:detail", "another_member", ("QuestionForm",), form=1, fixed={"action": "ask"}
    ),
    "poster-hide": Target(
        "posters:detail", "staff_2fa", ("HideQuestionForm",), fixed={"action": "hide"}
    ),
    "poster-vote": Target("posters:vote", "another_member", ("VoteForm",)),
    "abstract-review": Target(
        "abstracts:review", "another_member", ("RubricForm",), fixed={"action": "save"}
    ),
    "abstract-review-conflict": Target(
        "abstracts:review", "another_member", ("ConflictForm",), form=1
    ),
    "abstract-decision": Target(
        "admin:abstracts_abstractcall_ranking", "staff_2fa", ("DecisionForm",), form=0
    ),
    "abstract-reviewer": Target(
        "admin:abstracts_abstractcall_ranking", "staff_2fa", ("ReviewerForm",), form=1
    ),
    # Posters (the presenter's page: the file, the narration, the meet-the-presenter times)
    "poster-upload": Target(
        "poster_presenter:detail",
        "another_member",
        ("PosterUploadForm",),
        fixed={"action": "upload"},
        fields=("file",),
    ),
    "poster-narration": Target(
        "poster_presenter:detail", "another_member", ("NarrationForm",), form=1
    ),
    "poster-slots": Target("poster_presenter:detail", "another_member", ("SlotForm",), form=2),
    "poster-sync": Target("admin:posters_poster_sync", "staff_2fa", ("PosterSyncForm",)),
    # The exhibitor hall (the harness meeting's booth; another member attends)
    "booth-contact": Target("exhibitors:booth", "another_member", ("ContactForm",)),
    "booth-admin": Target("/admin/exhibitors/booth/add/", "staff_2fa", ("BoothResourceAdminForm",)),
    # The tournament (the harness's attendee; today's question is asked)
    "tournament-visibility": Target(
        "tournament:board", "another_member", ("BoardVisibilityForm",), form=0
    ),
    "tournament-answer": Target("tournament:board", "another_member", ("DailyAnswerForm",), form=1),
    "tournament-setup": Target("/admin/tournament/tournament/add/", "staff_2fa", ()),
    "tournament-question": Target(
        "/admin/tournament/dailyquestion/add/", "staff_2fa", ("DailyQuestionAdminForm",)
    ),
    "tournament-draw": Target("/admin/tournament/prizedraw/add/", "staff_2fa", ()),
    # Awards
    "nominate": Target("awards:nominate", "member", ("NominationForm",)),
    "application": Target(
        "awards:application",
        "another_member",
        ("DraftForm", "ApplicationForm"),
        fixed={"action": "save"},
    ),
    "application-submit": Target(
        "awards:application", "another_member", ("DraftForm",), fixed={"action": "submit"}
    ),
    "referee-letter": Target("awards:letter", "anonymous", ("LetterForm",), fields=("file",)),
    "review": Target("awards:review", "another_member", ("RubricForm",), fixed={"action": "save"}),
    "review-conflict": Target("awards:review", "another_member", ("ConflictForm",), form=1),
    # Mentorship
    "mentor-profile": Target("mentorship:mentor_profile", "reviewer", ("MentorProfileForm",)),
    "find-mentor": Target("mentorship:find", "another_member", ("FindMentorForm",)),
    "ask-mentor": Target("mentorship:ask", "another_member", ("MentorshipRequestForm",)),
    "mentor-answer": Target(
        "/my/mentorship/requests/{reviewer_request}/", "reviewer", ("AnswerForm",)
    ),
    "pairing-goals": Target("mentorship:pairing", "another_member", ("GoalsForm",)),
    "pairing-feedback": Target(
        "/my/mentorship/pairings/{ended_pairing}/", "another_member", ("FeedbackForm",)
    ),
    # News
    "research-news": Target("research_news:index", "another_member", ("ResearchNewsForm",)),
    "search": Target("search", "anonymous", ()),
    # Accounts (allauth's forms, and the site's extra sign-up fields)
    "sign-up": Target("account_signup", "anonymous", ("SignupNameForm",)),
    "sign-in": Target("account_login", "anonymous", ()),
    "password-reset": Target("account_reset_password", "anonymous", ()),
    "add-email": Target("account_email", "member", (), form=1, fixed={"action_add": ""}),
    "change-password": Target("account_change_password", "member", ()),
    # The site's own admin pages
    "refund": Target("admin:payments_payment_refund", "staff_2fa", ("RefundForm",)),
    "record-payment": Target("admin:payments_payment_record", "staff_2fa", ("ManualPaymentForm",)),
    "research-approve": Target(
        "admin:news_researchnews_approve", "staff_2fa", ("ResearchNewsApproveForm",)
    ),
    "research-reject": Target(
        "admin:news_researchnews_reject", "staff_2fa", ("ResearchNewsRejectForm",)
    ),
    "manual-registration": Target(
        "admin:meetings_registration_manual", "staff_2fa", ("ManualRegistrationForm",)
    ),
    "member-import": Target(
        "admin:members_membership_import", "staff_2fa", ("MemberImportForm",), fields=("file",)
    ),
    "award-decision": Target(
        "admin:awards_awardcycle_ranking",
        "staff_2fa",
        ("DecisionForm",),
        fields=("decision", "note"),
        post_to="admin:awards_awardcycle_decision",
    ),
    "assign-reviewer": Target(
        "admin:awards_awardcycle_ranking",
        "staff_2fa",
        ("PanelMemberForm", "ReviewerAssignForm"),
        fields=("reviewer",),
        post_to="admin:awards_application_assign",
    ),
    "record-conflict": Target(
        "admin:awards_awardcycle_ranking",
        "staff_2fa",
        ("ConflictRecordForm",),
        fields=("reviewer", "reason"),
        post_to="admin:awards_application_conflict",
    ),
    "membership-grant": Target(
        "/admin/members/membership/",
        "staff_2fa",
        ("GrantForm",),
        fixed={"action": "grant_complimentary", "apply": "1", "_selected_action": "{membership}"},
        fields=("membership_type", "note"),
        post_to="/admin/members/membership/",
    ),
    "membership-extend": Target(
        "/admin/members/membership/",
        "staff_2fa",
        ("ExtendForm",),
        fixed={"action": "extend", "apply": "1", "_selected_action": "{membership}"},
        fields=("months",),
        post_to="/admin/members/membership/",
    ),
    "promo-code": Target("/admin/meetings/promocode/add/", "staff_2fa", ("PromoCodeForm",)),
    "category-fees": Target(
        "/admin/meetings/registrationcategory/{category}/change/", "staff_2fa", ("FeeForm",)
    ),
    "announcement": Target("/admin/meetings/announcement/add/", "staff_2fa", ("AnnouncementForm",)),
    "award-program": Target("/admin/awards/awardprogram/add/", "staff_2fa", ("AwardProgramForm",)),
    "user-add": Target("/admin/accounts/user/add/", "staff_2fa", ("UserCreationForm",)),
    "user-change": Target(
        "/admin/accounts/user/{another_member}/change/", "staff_2fa", ("UserEditForm",)
    ),
    "membership-prices": Target(
        "/admin/members/membershiptype/{regular}/change/",
        "staff_2fa",
        ("MembershipTypeForm", "MembershipPriceForm", "MoneyModelForm"),
    ),
    # Public forms: sent as a person would (the honeypot empty, the form shown a minute ago), so
    # the hostile values reach the message and the sign-up, not only the spam check.
    "contact": Target(
        "site:contact",
        "anonymous",
        ("OfficeContactForm", "HumanCheckForm"),
        fixed=HUMAN,
    ),
    "newsletter-subscribe": Target(
        "newsletter:subscribe", "anonymous", ("SubscribeForm",), fixed=HUMAN
    ),
    "markdown-preview": Target(
        "/admin/site_pages/page/add/",
        "staff_2fa",
        ("MarkdownPreviewForm",),
        fixed={"_preview_field": "body"},
        fields=("body",),
        post_to="/admin/markdown-preview/",
    ),
    "newsletter-items": Target(
        "/admin/news/newsletterissue/{issue}/change/", "staff_2fa", ("NewsletterItemForm",)
    ),
}


# Targets that still fail, each with the fix that will land: strict xfails, so the day the fix
# lands the test fails until the entry goes.
KNOWN_DEFECTS: dict[str, str] = {}


def _url(world, page: str) -> str:
    if page.startswith("/"):
        return page.format(**world.extra)
    return url_for(page, world)


def _form(world, client, target: Target) -> tuple[str, str, list[str], dict]:
    """(method, action, fields to fuzz, fields sent as they are)."""
    url = _url(world, target.page)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    post_to = _url(world, target.post_to) if target.post_to else url
    if target.fields:
        return "post", post_to, list(target.fields), {}
    own = [
        form
        for form in page_forms(response.content.decode())
        if not form["action"].endswith("/logout/")  # the site's and the admin's sign-out
    ]
    if own and own[0]["action"] == "/search/":
        own = own[1:]  # the site header's search box
    form = own[target.form]
    fixed, fuzzed = {}, []
    totals = {}
    for name in form["fields"]:
        if _FORMSET_MANAGEMENT.search(name) or name.endswith(("-id", "-membership_type")):
            fixed[name] = form["values"][name]
            if name.endswith("-TOTAL_FORMS"):
                totals[name.removesuffix("-TOTAL_FORMS")] = int(form["values"][name])
        elif "-__prefix__-" not in name:
            fuzzed.append(name)
    # One more form in each formset (the admin's "Add another"), fuzzed too.
    for prefix, total in totals.items():
        fixed[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
        for name in form["fields"]:
            if name.startswith(f"{prefix}-__prefix__-") and not name.endswith("-id"):
                fuzzed.append(name.replace("__prefix__", str(total)))
    if form["button"]:
        fixed.setdefault(*form["button"])
    action = form["action"] or url
    return form["method"], action, fuzzed, fixed


@pytest.fixture(scope="module")
def extra(world):
    from meetings.models import RegistrationCategory
    from members.models import Membership, MembershipType
    from news.models import NewsletterIssue

    world.extra = {
        "another_member": world.users["another_member"].pk,
        "regular": MembershipType.objects.get(slug="regular").pk,
        "issue": NewsletterIssue.objects.get(number=world.kwargs["number"]).pk,
        "membership": Membership.objects.filter(user=world.users["member"]).first().pk,
        "category": RegistrationCategory.objects.get(slug="non-member").pk,
        "reviewer_request": world.mentoring.reviewer_request_id,
        "ended_pairing": world.mentoring.ended_pairing_id,
    }
    return world


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[name])]
            if name in KNOWN_DEFECTS
            else [],
        )
        for name in TARGETS
    ],
)
def test_a_form_takes_hostile_input(extra, name):
    world = extra
    target = TARGETS[name]
    client = Client()  # raises the server's exception, so Hypothesis reports it
    client.cookies = world.clients[target.role].cookies
    method, action, fuzzed, fixed = _form(world, client, target)
    fixed = {
        key: str(value).format(**world.extra) for key, value in {**fixed, **target.fixed}.items()
    }
    fuzzed = [field_name for field_name in fuzzed if field_name not in fixed]
    COUNTS[name] = 0

    @FUZZ
    @given(values=st.fixed_dictionaries({field_name: hostile for field_name in fuzzed}))
    def send(values):
        COUNTS[name] += 1
        data = {**values, **fixed}
        atomic = transaction.atomic()
        atomic._from_testcase = True  # a test's savepoint, not the site's transaction
        with atomic:
            if method == "get":
                response = client.get(f"{action}?{form_body(data)}")
            else:
                response = client.post(
                    action, form_body(data), content_type="application/x-www-form-urlencoded"
                )
            transaction.set_rollback(True)
        assert response.status_code < 500, (response.status_code, data)
        if target.role != "anonymous":
            assert client.cookies["sessionid"].value, ("signed out", response.status_code, data)
        assert not unescaped_markup(response), (unescaped_markup(response), data)

    send()


def _project_forms() -> set[str]:
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if _PROJECT.match(sub.__module__):
                found.add(sub.__name__)
    return found


def test_every_form_is_fuzzed():
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view, and so every form)
    covered = {name for target in TARGETS.values() for name in target.covers}
    missing = sorted(_project_forms() - covered)
    assert not missing, f"Forms with no target in tests/security/test_fuzz_forms.py: {missing}"


def test_the_fuzzing_counts():
    print(f"forms fuzzed: {len(TARGETS)} targets x up to {FUZZ.max_examples} examples")
    if COUNTS:
        print(f"  examples sent this run: {sum(COUNTS.values())} ({COUNTS})")
