"""Loads the demo content. Creates what is missing and never overwrites: run it as often as you
like, and staff edits survive."""

import os
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from awards import demo as awards_demo
from icis.core.images import placeholder_picture
from icis.site import demo
from icis.site.models import LeadershipTerm, Page
from meetings import demo as meetings_demo
from members import demo as members_demo
from mentorship import demo as mentorship_demo
from news import demo as news_demo


class Command(BaseCommand):
    help = "Load the society's demo content and a staff account (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        created_pages = 0
        for page in demo.ABOUT_PAGES:
            _, created = Page.objects.get_or_create(
                slug=page["slug"],
                defaults={key: value for key, value in page.items() if key != "slug"},
            )
            created_pages += created

        staff_created = self._ensure_staff()
        self._grant_dashboard()
        members = members_demo.load()
        meeting_created = meetings_demo.load()
        example_created = meetings_demo.load_example()
        abstracts = meetings_demo.load_abstract_calls(staff_email=demo.STAFF_EMAIL)
        virtual = meetings_demo.load_virtual_meeting()
        # The news and awards demos are about Cytokines 2021; this command, which may use every
        # app, hands them the meeting (and the staff account) so they import no other domain.
        meeting_2021 = meetings_demo.cytokines_2021()
        posts_created = news_demo.load(meeting=meeting_2021)
        pictures = meetings_demo.load_pictures(meeting_2021)
        leaders_created = _load_leadership()
        awards = awards_demo.load(
            staff_email=demo.STAFF_EMAIL,
            travel_meeting=meeting_2021,
            recipients_category=meetings_demo.award_recipients_category,
        )
        mentoring = mentorship_demo.load(meeting=meeting_2021)
        self.stdout.write(
            f"Demo content: {created_pages} page(s) created, "
            f"{len(demo.ABOUT_PAGES) - created_pages} already there; "
            f"{members['types']} membership type(s) and {members['members']} member(s) created; "
            f"Cytokines 2021 {'created' if meeting_created else 'already there'}; "
            f"the example meeting {'created' if example_created else 'already there'}; "
            f"{abstracts['calls']} call(s) for abstracts, {abstracts['abstracts']} abstract(s), "
            f"{abstracts['reviews']} review(s) and {abstracts['released']} released "
            "decision(s) created; "
            f"the virtual meeting: {_virtual_summary(virtual)}; "
            f"{posts_created} news post(s) created; "
            f"{pictures['banners']} banner(s), {pictures['logos']} sponsor logo(s) and "
            f"{pictures['partners']} fictional partner(s) created; "
            f"{leaders_created} fictional leadership term(s) created; "
            f"{awards['programs']} award program(s), {awards['calls']} call(s) and "
            f"{awards['applications']} application(s) created; "
            f"mentorship: {mentoring['mentors']} mentor(s), {mentoring['pairings']} pairing(s) "
            f"and {mentoring['speed_tables']} speed-mentoring table(s) created; "
            f"staff account {'created' if staff_created else 'already there'}."
        )

    def _ensure_staff(self) -> bool:
        User = get_user_model()
        user = User.objects.filter(email__iexact=demo.STAFF_EMAIL).first()
        if user is not None:
            return False
        password = os.environ.get("ICIS_DEMO_STAFF_PASSWORD", "cytokines-demo-2021")
        user = User.objects.create_superuser(
            email=demo.STAFF_EMAIL,
            password=password,
            first_name=demo.STAFF_FIRST_NAME,
            last_name=demo.STAFF_LAST_NAME,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return True

    def _grant_dashboard(self) -> None:
        """The demo's staff account sees the dashboard on the admin index (whatever its roles)."""
        user = get_user_model().objects.get(email__iexact=demo.STAFF_EMAIL)
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="site_pages", codename="view_dashboard")
        )


def _load_leadership() -> int:
    """The demo's fictional officers and council (demo.LEADERSHIP), each with a generated
    portrait of their initials. Terms already there are left as they are."""
    created, year = 0, timezone.localdate().year
    for name, role, body, institution, first, last, ordering in demo.LEADERSHIP:
        if LeadershipTerm.objects.filter(name=name, role=role).exists():
            continue
        initials = "".join(word[0] for word in name.split()[:2])
        LeadershipTerm.objects.create(
            name=name,
            role=role,
            body=body,
            institution=f"{institution} (fictional)",
            term_start=date(year + first, 1, 1),
            term_end=date(year + last, 12, 31),
            ordering=ordering,
            photo=placeholder_picture(
                initials, size=(600, 600), background="#dbe7f3", color="#1d4e89", name="leader.png"
            ),
            photo_alt=f"Placeholder portrait of {name}: the initials {initials}",
        )
        created += 1
    return created


def _virtual_summary(virtual: dict) -> str:
    """ "recordings: 7 recordings; tournament: 40 attendees, …": what each part made."""
    if not virtual:
        return "no Cytokines 2021 to hold it"
    parts = []
    for part, made in virtual.items():
        if isinstance(made, dict):
            counts = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in made.items())
            parts.append(f"{part.replace('_', ' ')}: {counts}")
        else:
            parts.append(f"{part.replace('_', ' ')}: {made}")
    return "; ".join(parts)
