"""The three "Latest News" items of the Cytokines 2021 page, written out in our own words.

The page dates only the first (30 August 2021); the other two are listed below it, so they are
dated just before it to keep the page's order.
"""

from datetime import UTC, datetime

from .models import Post

POSTS = [
    {
        "slug": "cytokines-2021-pivots-to-fully-virtual",
        "title": "Cytokines 2021 is pivoting to fully virtual!",
        "publish_at": datetime(2021, 8, 30, 9, 0, tzinfo=UTC),
        "category": Post.Category.MEETING,
        "is_featured": True,
        "summary": (
            "With travel into the UK still restricted and COVID-19 cases rising, Cytokines 2021 "
            "will take place entirely online."
        ),
        "body": """\
Dear colleagues,

The uncertainties of the pandemic have put our plans for Cytokines 2021 under strain. Travel
into the UK is still restricted and COVID-19 cases keep rising, even among vaccinated people,
so the society has made the difficult decision to hold the 9th Annual Meeting **fully
virtually** instead of as a hybrid meeting in Cardiff.

The meeting keeps its dates, 17 to 20 October 2021, and its ambition: the society's virtual
platform is ready for live and on-demand talks, iPoster presentations and a virtual exhibition,
building on what worked at last year's virtual meeting.

Thank you for your trust and support in these difficult times. We look forward to a
successful virtual meeting, with a Welsh touch of course.

Professor Simon A Jones, Cardiff University
""",
    },
    {
        "slug": "celtic-cytokines-meeting-cme-accredited",
        "title": "Celtic Cytokines Meeting is CME accredited",
        "publish_at": datetime(2021, 8, 30, 8, 0, tzinfo=UTC),
        "category": Post.Category.MEETING,
        "is_featured": False,
        "summary": (
            "The European Accreditation Council for Continuing Medical Education (EACCME®) has "
            "accredited Cytokines 2021 with 18 European CME credits."
        ),
        "body": """\
Cytokines 2021 Hybrid, the 9th Annual Meeting of the International Cytokine & Interferon
Society (Cardiff, United Kingdom, 17/10/2021-20/10/2021), has been accredited by the European
Accreditation Council for Continuing Medical Education (EACCME®) with **18 European CME
credits**.

Attendees can claim credits for the time they take part once the meeting is over. The full
accreditation statement is on the meeting's CME page.
""",
    },
    {
        "slug": "ethical-medtech-compliant",
        "title": "Ethical MedTech: the 9th Annual Meeting is compliant",
        "publish_at": datetime(2021, 8, 30, 7, 0, tzinfo=UTC),
        "category": Post.Category.MEETING,
        "is_featured": False,
        "summary": (
            "The 9th Annual Meeting has been assessed as compliant with the MedTech Europe Code "
            "of Ethical Business Practice."
        ),
        "body": """\
Ethical MedTech has assessed the 9th Annual Meeting of the International Cytokine & Interferon
Society, starting on 17-10-2021 in Cardiff, United Kingdom, as **compliant** with the MedTech
Europe Code of Ethical Business Practice.

This means companies bound by the Code can support the meeting and its delegates.
""",
    },
]


def load(*, meeting=None) -> int:
    """Creates the posts that are missing; `meeting` is the one they are about (the meetings
    demo's Cytokines 2021, passed by the command that loads the demo)."""
    created = 0
    for spec in POSTS:
        post, was_created = Post.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                **{k: v for k, v in spec.items() if k != "slug"},
                "meeting": meeting,
                "status": Post.Status.PUBLISHED,
            },
        )
        if was_created:
            # Written on the day the page gives, not on the day the demo is loaded: the feed's
            # updated times and ids and the sitemap's dates come from these.
            Post.objects.filter(pk=post.pk).update(
                created_at=spec["publish_at"], updated_at=spec["publish_at"]
            )
        created += was_created
    return created
