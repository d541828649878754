"""The demo's mentorship: the members demo's fictional researchers as mentors and trainees,
one six-month pairing under way, and a speed-mentoring session at Cytokines 2021. Creates
what is missing, never overwrites."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model

from . import services
from .models import Format, MentorProfile, Offer, Pairing, SpeedSession, SpeedTable

# (email, keywords, offers, formats, mentees at once, languages, time zone)
MENTORS = [
    (
        "lucas.moreau@example.org",
        "IL-6, chronic inflammation, fellowship applications",
        [Offer.CAREER, Offer.SCIENCE, Offer.REVIEW],
        [Format.CONVERSATION, Format.PAIRING],
        2,
        "French, English",
        "Europe/Paris",
    ),
    (
        "mei.tanaka@example.org",
        "JAK-STAT, autoimmunity, running a lab",
        [Offer.CAREER, Offer.SCIENCE],
        [Format.CONVERSATION, Format.PAIRING],
        1,
        "Japanese, English",
        "Asia/Tokyo",
    ),
    (
        "daniel.reyes@example.org",
        "biologics, careers in industry",
        [Offer.CAREER, Offer.LAB_VISIT],
        [Format.CONVERSATION],
        3,
        "English, Spanish",
        "America/New_York",
    ),
    (
        "priya.raman@example.org",
        "clinical research, cytokine release syndrome",
        [Offer.CAREER, Offer.REVIEW],
        [Format.PAIRING],
        1,
        "English, Tamil",
        "Asia/Kolkata",
    ),
]
PAIRED_TRAINEE = "amara.okafor@example.org"
PAIRED_MENTOR = "lucas.moreau@example.org"
PAIRING_GOALS = (
    "Decide between a second postdoc and a fellowship application by the spring; "
    "a first draft of the fellowship's research plan reviewed by June."
)
SPEED_TABLES = [  # (mentor's email, minutes after the session starts, topic)
    ("mei.tanaka@example.org", 0, "Starting your own lab"),
    ("priya.raman@example.org", 0, "Clinician scientists"),
    ("mei.tanaka@example.org", 20, "Starting your own lab"),
    ("daniel.reyes@example.org", 20, "Careers in industry"),
]


def load(*, meeting=None) -> dict[str, int]:
    """Mentors (if the members demo's people are there), the pairing, and the speed-mentoring
    session at `meeting` (Cytokines 2021) when given."""
    User = get_user_model()
    made = {"mentors": 0, "pairings": 0, "speed_tables": 0}
    people = {
        user.email: user
        for user in User.objects.filter(
            email__in=[*dict.fromkeys([entry[0] for entry in MENTORS] + [PAIRED_TRAINEE])]
        )
    }
    for email, keywords, offers, formats, capacity, languages, time_zone in MENTORS:
        user = people.get(email)
        if user is None or MentorProfile.objects.filter(user=user).exists():
            continue
        services.mentor_profile_save(
            user=user,
            keywords=keywords,
            offers=offers,
            formats=formats,
            capacity=capacity,
            languages=languages,
            time_zone=time_zone,
            is_paused=False,
        )
        made["mentors"] += 1
    trainee, mentor_user = people.get(PAIRED_TRAINEE), people.get(PAIRED_MENTOR)
    if trainee and mentor_user and not Pairing.objects.filter(trainee=trainee).exists():
        request = services.request_send(
            trainee=trainee,
            mentor_id=MentorProfile.objects.get(user=mentor_user).pk,
            goals=PAIRING_GOALS,
            topics="type I interferon, fellowship applications",
            format=Format.PAIRING,
        )
        services.request_accept(
            request_id=request.pk, user=mentor_user, note="Happy to: let us talk next week."
        )
        made["pairings"] += 1
    if meeting is not None:
        made["speed_tables"] = _speed_session(meeting, people)
    return made


def _speed_session(meeting, people) -> int:
    session, _ = SpeedSession.objects.get_or_create(
        meeting=meeting,
        title="Speed mentoring for trainees",
        defaults={
            "description": "Twenty minutes at a mentor's table: bring your questions about "
            "careers, fellowships and life in the lab.",
            "location": "Foyer",
        },
    )
    starts = datetime.combine(
        meeting.start_date + timedelta(days=1), time(12, 30), tzinfo=meeting.time_zone
    )
    made = 0
    for email, minutes, topic in SPEED_TABLES:
        mentor = MentorProfile.objects.filter(user__email=email).first()
        if mentor is None:
            continue
        at = starts + timedelta(minutes=minutes)
        _, created = SpeedTable.objects.get_or_create(
            session=session,
            mentor=mentor,
            starts_at=at,
            defaults={"ends_at": at + timedelta(minutes=20), "capacity": 3, "topic": topic},
        )
        made += created
    return made
