"""How long the staff dashboard on the admin index takes to draw for a large society.

Creates, in a database of its own (icis_benchmark_dashboard), N members (default 100,000) with
two years of terms (joins, renewals, people in grace and lapsed, a third renewing
automatically, some failed automatic charges), R registrations (default 10,000) split between
this year's meeting and last year's, a payment for each registration and each term paid online
in two currencies, staff-recorded payments, an award call and an abstract call with their
reviews, and an outbox of sent, failed and waiting emails. Then it times, through the real code:

- `dashboard_panels()`: every figure's queries and the SVG charts;
- GET /admin/ as staff holding the dashboard permission (the whole page: session, the app
  list, the dashboard's template), with the figures recounted (the cache emptied first) and
  with the figures already counted (as the scheduled task counts them every minute).

    .venv/bin/python benchmarks/dashboard.py [--members 100000] [--registrations 10000]
        [--runs 7] [--keep]

Needs the local services (`scripts/stack.sh start`). Target: the admin index in under 300 ms.
"""

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

import own_database

DATABASE = "icis_benchmark_dashboard"
own_database.use(DATABASE, redis_db=6)

BATCH = 5000


def _batched(model, rows):
    created = []
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            created += model.objects.bulk_create(batch)
            batch = []
    if batch:
        created += model.objects.bulk_create(batch)
    return created


def populate(*, members: int, registrations: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from awards.models import Application, AwardCycle, AwardProgram, Review
    from icis.mail.models import OutboundEmail
    from icis.payments.models import LineItem, Payment
    from meetings.abstracts.models import Abstract, AbstractCall
    from meetings.abstracts.models_review import AbstractReview
    from meetings.models import Meeting, Registration, RegistrationCategory
    from members.models import MemberProfile, Membership, MembershipType, RenewalCharge

    User = get_user_model()
    now = timezone.now()
    today = timezone.localdate()
    types = [
        MembershipType.objects.create(name=name, slug=slug, term_months=12)
        for name, slug in (("Regular", "regular"), ("Trainee", "trainee"), ("Emeritus", "emeritus"))
    ]
    users = _batched(
        User,
        (
            User(email=f"member{n}@example.org", first_name="M", last_name=str(n), password="!")
            for n in range(members)
        ),
    )
    _batched(
        MemberProfile,
        (MemberProfile(user=user, auto_renew=n % 3 == 0) for n, user in enumerate(users)),
    )
    year = timedelta(days=364)

    def paid_at(day):
        return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)

    terms = []
    for n, user in enumerate(users):
        # First terms began over the last three years; two in three renewed once.
        start = today - timedelta(days=n % 1095)
        kind = types[n % 3]
        terms.append(
            Membership(
                user=user,
                membership_type=kind,
                source=Membership.Source.JOIN,
                start_date=start,
                end_date=start + year,
                confirmed_at=paid_at(start),
            )
        )
        if n % 3 and start + year < today + timedelta(days=60):
            renewal = start + year + timedelta(days=1)
            terms.append(
                Membership(
                    user=user,
                    membership_type=kind,
                    source=Membership.Source.RENEW,
                    start_date=renewal,
                    end_date=renewal + year,
                    confirmed_at=paid_at(min(renewal, today)),
                )
            )
    terms = _batched(Membership, terms)
    _batched(
        RenewalCharge,
        (
            RenewalCharge(membership=term, attempt=1, outcome=RenewalCharge.Outcome.FAILED)
            for term in terms[::200]
        ),
    )
    payments = []
    for n, term in enumerate(terms):
        if term.confirmed_at >= now - timedelta(days=730):
            payments.append(
                Payment(
                    payer=term.user,
                    payer_name="M",
                    payer_email="m@example.org",
                    description="Membership",
                    currency=("USD", "GBP")[n % 2],
                    amount=15000,
                    status=Payment.Status.PAID,
                    provider=(Payment.Provider.STRIPE, Payment.Provider.MANUAL)[n % 10 == 0],
                    paid_at=term.confirmed_at,
                )
            )
    this_year = Meeting.objects.create(
        edition=20,
        name="Cytokines Next",
        slug="cytokines-next",
        start_date=today + timedelta(days=60),
        end_date=today + timedelta(days=63),
        status=Meeting.Status.REGISTRATION_OPEN,
        is_current=True,
        currency="GBP",
    )
    last_year = Meeting.objects.create(
        edition=19,
        name="Cytokines Last",
        slug="cytokines-last",
        start_date=today - timedelta(days=305),
        end_date=today - timedelta(days=302),
        status=Meeting.Status.PAST,
        currency="USD",
    )
    places = []
    for meeting, share in ((last_year, 0.55), (this_year, 0.45)):
        categories = [
            RegistrationCategory.objects.create(meeting=meeting, name=name, slug=slug)
            for name, slug in (
                ("Member", "member"),
                ("Non-member", "non-member"),
                ("Trainee member", "trainee-member"),
            )
        ]
        count = int(registrations * share)
        ends = min(meeting.start_date, today)
        for n in range(count):
            day = ends - timedelta(days=(n * 7919) % 150)
            places.append(
                Registration(
                    meeting=meeting,
                    category=categories[n % 3],
                    user=users[(n * 13 + meeting.edition) % len(users)],
                    badge_name="M",
                    affiliation="University",
                    country="GB",
                    status=Registration.Status.CONFIRMED,
                    amount=45000,
                    confirmed_at=paid_at(day),
                )
            )
            payments.append(
                Payment(
                    payer_name="M",
                    payer_email="m@example.org",
                    description="Registration",
                    currency=meeting.currency,
                    amount=45000,
                    status=Payment.Status.PAID,
                    paid_at=paid_at(day),
                )
            )
    _batched(Registration, places)
    payments = _batched(Payment, payments)
    _batched(
        LineItem,
        (
            LineItem(
                payment=payment,
                kind="registration" if payment.description == "Registration" else "membership",
                object_id=1,
                description=payment.description,
                amount=payment.amount,
            )
            for payment in payments
        ),
    )
    program = AwardProgram.objects.create(name="Travel Award", slug="travel", summary="Travel.")
    cycle = AwardCycle.objects.create(
        program=program,
        year=today.year,
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=10),
    )
    applications = _batched(
        Application,
        (
            Application(
                cycle=cycle,
                created_by=users[n],
                candidate=users[n],
                status=Application.Status.SUBMITTED,
                submitted_at=now,
            )
            for n in range(300)
        ),
    )
    _batched(
        Review,
        (
            Review(application=application, reviewer=users[-1 - n % 5], submitted_at=now)
            for n, application in enumerate(applications[:150])
        ),
    )
    call = AbstractCall.objects.create(
        meeting=this_year, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=5)
    )
    abstracts = _batched(
        Abstract,
        (
            Abstract(
                call=call,
                submitter=users[n],
                status=Abstract.Status.SUBMITTED,
                submitted_at=now,
                decision=("oral", "poster", "")[n % 3],
            )
            for n in range(1000)
        ),
    )
    _batched(
        AbstractReview,
        (
            AbstractReview(abstract=abstract, reviewer=users[-1 - n % 9], submitted_at=now)
            for n, abstract in enumerate(abstracts[:800])
        ),
    )
    statuses = ["sent"] * 97 + ["failed", "queued", "sending"]
    _batched(
        OutboundEmail,
        (
            OutboundEmail(
                to_email="m@example.org",
                from_email="office@example.org",
                subject="Hello",
                body_text="Hello",
                dedupe_key=f"benchmark:{n}",
                status=statuses[n % 100],
            )
            for n in range(20000)
        ),
    )


def staff_client():
    """A test client signed in as staff holding the dashboard permission, two-factor passed."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.test import Client

    staff = get_user_model().objects.create_user(
        email="office@example.org", password="benchmark-staff", is_staff=True
    )
    staff.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    client = Client()
    client.force_login(staff)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": staff.email},
        {"method": "mfa", "at": time.time(), "id": 0, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(staff.pk)
    session.save()
    return client


def timed(action, runs: int) -> list[float]:
    action()  # first use: imports, templates, connections
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--registrations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    own_database.django_ready(DATABASE)
    from django.core.cache import cache
    from django.db import connection

    from icis.site.dashboard import dashboard_panels

    start = time.perf_counter()
    populate(members=args.members, registrations=args.registrations)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"populated {args.members:,} members and {args.registrations:,} registrations "
        f"in {time.perf_counter() - start:.1f} s"
    )
    client = staff_client()

    def page():
        response = client.get("/admin/")
        if response.status_code != 200 or b"How the society is doing" not in response.content:
            raise SystemExit(
                f"the admin index answered {response.status_code} without the dashboard"
            )

    def page_cold():
        cache.clear()  # nothing counted yet: the page counts the figures
        page()

    results = (
        ("dashboard_panels() (every figure counted)", timed(dashboard_panels, args.runs)),
        ("GET /admin/, figures recounted", timed(page_cold, args.runs)),
        ("GET /admin/, figures already counted", timed(page, args.runs)),
    )
    for name, times in results:
        print(
            f"{name}: median {statistics.median(times):.0f} ms, "
            f"best {min(times):.0f} ms, worst {max(times):.0f} ms over {args.runs} runs"
        )
    print("target: the admin index under 300 ms")
    own_database.finish(DATABASE, keep=args.keep)


if __name__ == "__main__":
    main()
