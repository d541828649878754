"""Staff roles: Django groups with the least each role needs, created and kept up to date by
migrations (`0003_staff_roles`; a later change to a role is a new migration calling
`roles_install` again). Staff get their role in the admin (Users → the person → Groups) and
must be marked "staff"; superusers need no role.

What each role may do (v view, a add, c change, d delete):

- Office: runs the society day to day. The website's pages, leadership and contact messages,
  news, the newsletter, members
  and their terms, the meetings' websites built section by section (content, program,
  registration categories and fee windows, sponsors, the virtual platform), registrations
  (grant and cancel), waiting lists and CME claims, and the outbox to see what was sent.
  It reads membership types and payments but does not change prices or money. It runs
  mentorship (mentors paused and resumed, speed mentoring), sees the society dashboard and
  clears the demo's "example setting" marks once a figure is replaced.
- Treasurer: the money. Membership types and their prices, registration categories' prices and
  promo codes, payments (refunds and manual payments), and reads the registrations, terms and
  audit log that the money belongs to, and sees the society dashboard. No content.
- Awards chair: the award programs, their yearly calls, applications, reviews and recipients.
- Program committee: the scientific program (days, sessions, talks, speakers, committees),
  abstract calls, reviews of abstracts and the posters. It reads the meetings.

Technical records (scheduled tasks, sign-in providers, authenticators, webhook events, allowed
embed hosts, groups themselves) are for superusers only (`icis/core/admin_technical.py`)."""

from dataclasses import dataclass

ALL = "vacd"


@dataclass(frozen=True)
class Role:
    name: str
    permissions: dict[str, str]  # "app_label.model" → actions, a subset of "vacd"

    def codenames(self) -> list[tuple[str, str]]:
        """(app label, permission codename) pairs: ("members", "view_membership")."""
        actions = {"v": "view", "a": "add", "c": "change", "d": "delete"}
        return [
            (model.split(".")[0], f"{actions[letter]}_{model.split('.')[1]}")
            for model, letters in self.permissions.items()
            for letter in letters
        ]


MEETING_CONTENT = [
    "meetings.meeting",
    "meetings.formatchange",
    "meetings.accreditation",
    "meetings.compliancenotice",
    "meetings.grantacknowledgement",
    "meetings.committee",
    "meetings.committeemember",
    "meetings.person",
    "meetings.sponsortier",
    "meetings.sponsor",
    "meetings.partner",
    "meetings.announcement",
]
MEETING_PROGRAM = [
    "meetings.programday",
    "meetings.session",
    "meetings.talk",
    "meetings.talkspeaker",
]
MEETING_REGISTRATION = [
    "meetings.registrationsettings",
    "meetings.refundrule",
    "meetings.feewindow",
    "meetings.registrationcategory",
    "meetings.fee",
]
VIRTUAL_PLATFORM = [
    "virtual.recording",
    "posters.postersettings",
    "posters.poster",
    "posters.presenterslot",
    "posters.votecategory",
    "exhibitors.booth",
    "exhibitors.boothstaff",
    "exhibitors.boothhours",
    "exhibitors.boothresource",
    "tournament.tournament",
    "tournament.pointrule",
    "tournament.dailyquestion",
    "tournament.dailychoice",
    "tournament.prizedraw",
]

OFFICE = Role(
    "Office",
    {
        "site_pages.page": ALL,
        "news.post": ALL,
        "news.researchnews": ALL,
        "news.newsletterissue": ALL,
        "news.newsletteritem": ALL,
        "news.newslettersubscriber": ALL,
        **dict.fromkeys(MEETING_CONTENT + MEETING_PROGRAM + MEETING_REGISTRATION, ALL),
        **dict.fromkeys(VIRTUAL_PLATFORM, ALL),
        "meetings.registration": "vac",
        "meetings.waitlistentry": "v",
        "meetings.cmeclaim": "v",
        "members.memberprofile": "vc",
        "members.membership": "vac",
        "members.membershiptype": "v",
        "members.renewalnoticesent": "v",
        "payments.payment": "v",
        "mail.outboundemail": "v",
        "accounts.user": "v",
        "site_pages.leadershipterm": ALL,
        "site_pages.contactmessage": "v",
        "site_pages.dashboard": "v",
        "core.examplesetting": "vd",
        "mentorship.mentorprofile": "vc",
        "mentorship.mentorshiprequest": "v",
        "mentorship.pairing": "v",
        "mentorship.feedback": "v",
        "mentorship.speedsession": ALL,
        "mentorship.speedtable": ALL,
        "mentorship.speedseat": "v",
    },
)
TREASURER = Role(
    "Treasurer",
    {
        "members.membershiptype": ALL,
        "members.membershipprice": ALL,
        "members.membership": "v",
        "meetings.meeting": "v",
        "meetings.registrationcategory": "vc",
        "meetings.fee": "vacd",
        "meetings.feewindow": "v",
        "meetings.promocode": ALL,
        "meetings.registration": "v",
        "payments.payment": "vc",
        "core.auditentry": "v",
        "site_pages.dashboard": "v",
    },
)
AWARDS_CHAIR = Role(
    "Awards chair",
    {
        "awards.awardprogram": ALL,
        "awards.awardcycle": ALL,
        "awards.requireddocument": ALL,
        "awards.criterion": ALL,
        "awards.panelmember": ALL,
        "awards.application": "vc",
        "awards.review": "v",
        "awards.recipient": "vc",
        "accounts.user": "v",
    },
)
PROGRAM_COMMITTEE = Role(
    "Program committee",
    {
        "meetings.meeting": "v",
        **dict.fromkeys(MEETING_PROGRAM, ALL),
        "meetings.person": ALL,
        "meetings.committee": ALL,
        "meetings.committeemember": ALL,
        "abstracts.abstractcall": ALL,
        "abstracts.abstracttopic": ALL,
        "abstracts.abstract": "v",
        "abstracts.abstractcriterion": ALL,
        "abstracts.abstractpanelmember": ALL,
        "posters.poster": "v",
        "accounts.user": "v",
    },
)
ROLES = [OFFICE, TREASURER, AWARDS_CHAIR, PROGRAM_COMMITTEE]


def roles_install(apps, *, create_permissions: bool = True) -> None:
    """Each role's group with exactly its permissions (`apps`: the migration's, or the
    project's `django.apps.apps`). Fails on a permission that does not exist, so a renamed
    model cannot silently take a right away. `create_permissions=False` when they exist
    already (after a migrate)."""
    from django.contrib.auth import management

    for app_config in apps.get_app_configs() if create_permissions else []:
        # Permissions are created after migrations; a fresh database needs them now.
        app_config.models_module = True
        management.create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role in ROLES:
        wanted = role.codenames()
        found = {
            (permission.content_type.app_label, permission.codename): permission
            for permission in permission_model.objects.filter(
                codename__in=[codename for _app, codename in wanted]
            ).select_related("content_type")
        }
        missing = [pair for pair in wanted if pair not in found]
        if missing:
            raise LookupError(f"{role.name}: no such permissions {missing}")
        group, _created = group_model.objects.get_or_create(name=role.name)
        group.permissions.set([found[pair] for pair in wanted])
