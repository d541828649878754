"""Cytokines 2021, the 9th Annual Meeting, as the society's meeting page describes it: names,
dates and numbers as given there, the prose in our own words."""

from datetime import date, time

from django.db import transaction

from .models import (
    Accreditation,
    Committee,
    CommitteeMember,
    ComplianceNotice,
    Format,
    FormatChange,
    GrantAcknowledgement,
    Meeting,
    Person,
    ProgramDay,
    Session,
    SponsorTier,
)

SLUG = "cytokines-2021"

WELCOME = """\
The International Cytokine & Interferon Society is the world's largest multidisciplinary
organisation for fundamental and clinical research on cytokines in health and disease. Each
year between 700 and 1,100 investigators from academia, government and industry come together
to discuss the newest findings on how cytokines and interferons regulate immunity,
inflammation, metabolism and cancer.

Many of the major advances in cytokine biology were first presented at this meeting. Cytokines
2021 continues that tradition: a forum for basic and clinical scientists to present their
latest work on cytokines, including interferons, chemokines and pro- and anti-inflammatory
factors, in infection, cancer, allergy, autoimmunity and other inflammatory and immune
diseases; to hear about new therapeutic interventions; and to start international
collaborations. We hope everyone leaves with a deeper understanding of how cytokines work
together as a network to maintain health, and of the many ways of targeting that network to
make better medicines.
"""

LETTER = """\
Travel into the UK is still restricted and COVID-19 cases keep rising, even among vaccinated
people. With that in mind, the society has taken the difficult decision to hold Cytokines 2021
as a **fully virtual meeting**.

We are committed to a virtual meeting of the highest scientific and educational standard,
building on what worked at last year's virtual meeting. The society's virtual platform is
ready for live and on-demand streaming, iPoster presentations and virtual exhibitors.

This choice keeps everyone safe and spares you the uncertainty of travelling to and gathering
in person. Thank you for your trust and support in these difficult times: we look forward to
a successful 2021 virtual meeting, with a Welsh touch of course.
"""

SIGNATURE = """\
Professor Simon A Jones
The School of Medicine
Division of Infection & Immunity
Cardiff University
Cardiff, Wales, UK

Yr Athro Simon A Jones
Meddygaeth Prifysgol Caerdydd
Yr Isadran Haint ac Imiwnedd
Adeilad Tenovus
Parc y Mynydd Bychan
Caerdydd, Cymru, DU"""

PIVOT = """\
The pandemic's ever-changing uncertainties put pressure on plans for a hybrid meeting in
Cardiff. Because of the restrictions on international travel into the UK and rising COVID-19
incidence, Cytokines 2021 will take place entirely online, on the society's virtual platform:
live and on-demand talks, iPosters and a virtual exhibition.
"""

# (name, affiliation, country) exactly as the meeting page lists them.
LOCAL_ORGANIZING_COMMITTEE = [
    ("Simon A Jones", "Cardiff University, Wales", "GB"),
    ("Clare Bryant", "University of Cambridge", "GB"),
    ("Clare M. Lloyd", "Imperial College", "GB"),
    ("Iain McInnes", "University of Glasgow, Scotland", "GB"),
    ("Luke O’Neill", "Trinity College Dublin", "IE"),
]

SCIENTIFIC_ADVISORY_COMMITTEE = [
    (
        "Evangelos Andreakos",
        "Laboratory of Immunobiology, Biomedical Research Foundation, Academy of Athens",
        "GR",
    ),
    ("Yvonne Bordon", "Nature Reviews Immunology", "GB"),
    ("Andrew Bowie", "Trinity College Dublin", "IE"),
    ("Ernest Choy", "Cardiff University, Wales", "GB"),
    ("Marcus Feige", "TUM", "DE"),
    ("Kate Fitzgerald", "University of Massachusetts", "US"),
    ("Trude Flow", "Norwegian University of Science and Technology", "NO"),
    ("Brian Fritz", "10x Genomics", "US"),
    ("Sarah Gaffen", "University of Pittsburgh", "US"),
    ("Christian Holm", "Aarhus University", "DK"),
    ("Christopher Hunter", "University of Pennsylvania", "US"),
    ("Brendan Jenkins", "Hudson Institute of Medical Research", "AU"),
    ("Gareth W. Jones", "University of Bristol", "GB"),
    ("You-Me Kim", "Korea Advanced Institute of Science and Technology", "KR"),
    ("Carolina López", "Washington University in Saint Louis", "US"),
    ("Ignacio Moraga Gonzalez", "University of Dundee, Scotland", "GB"),
    ("Sandra Nicholson", "Walter and Eliza Hall Institute of Medical Research", "AU"),
    ("Anne O’Garra", "Crick Institute", "GB"),
    ("Stefan Rose-John", "University of Kiel", "DE"),
    ("Ram Savan", "University of Washington", "US"),
    ("James Turkson", "Cedars-Sinai Samuel Oschin Comprehensive Cancer Institute", "US"),
    ("Irina Udalova", "University of Oxford", "GB"),
    ("Hiroki Yoshida", "Saga University", "JP"),
]

# A skeleton of the preliminary program: the themes the meeting announced, no invented talks.
PROGRAM = [
    (date(2021, 10, 17), [("Opening of Cytokines 2021", "other", time(13, 0), time(13, 30))]),
    (
        date(2021, 10, 18),
        [
            ("Cytokines and interferons in infection", "symposium", time(13, 0), time(15, 0)),
            ("iPoster session", "poster", time(15, 30), time(16, 30)),
        ],
    ),
    (
        date(2021, 10, 19),
        [
            ("Cytokines in cancer", "symposium", time(13, 0), time(15, 0)),
            ("Allergy and autoimmunity", "symposium", time(15, 30), time(17, 30)),
        ],
    ),
    (
        date(2021, 10, 20),
        [
            (
                "New therapeutic interventions targeting cytokines",
                "plenary",
                time(13, 0),
                time(15, 0),
            ),
            ("Closing session", "other", time(15, 30), time(16, 0)),
        ],
    ),
]


def _person(name: str, affiliation: str, country: str) -> Person:
    person, _ = Person.objects.get_or_create(
        name=name, defaults={"affiliation": affiliation, "country": country}
    )
    return person


@transaction.atomic
def load() -> bool:
    """Creates Cytokines 2021 if it is not there; never touches it once it is."""
    if Meeting.objects.filter(slug=SLUG).exists():
        return False
    meeting = Meeting.objects.create(
        edition=9,
        name="Cytokines 2021",
        slug=SLUG,
        tagline="A Fully Virtual Experience",
        start_date=date(2021, 10, 17),
        end_date=date(2021, 10, 20),
        time_zone="Europe/London",
        city="Cardiff",
        country="GB",
        format=Format.VIRTUAL,
        status=Meeting.Status.PAST,
        is_current=not Meeting.objects.filter(is_current=True).exists(),
        welcome_text=WELCOME,
        welcome_letter=LETTER,
        signature_block=SIGNATURE,
        currency="USD",
    )
    FormatChange.objects.create(
        meeting=meeting,
        changed_on=date(2021, 8, 30),
        from_format=Format.HYBRID,
        to_format=Format.VIRTUAL,
        title="Cytokines 2021 is pivoting to fully virtual",
        explanation=PIVOT,
    )
    for ordering, (name, people) in enumerate(
        [
            ("Local Organizing Committee", LOCAL_ORGANIZING_COMMITTEE),
            ("International Scientific Advisory Committee", SCIENTIFIC_ADVISORY_COMMITTEE),
        ]
    ):
        committee = Committee.objects.create(meeting=meeting, name=name, ordering=ordering)
        for position, (person_name, affiliation, country) in enumerate(people):
            chair = committee.name.startswith("Local") and person_name == "Simon A Jones"
            CommitteeMember.objects.create(
                committee=committee,
                person=_person(person_name, affiliation, country),
                role=CommitteeMember.Role.CHAIR if chair else CommitteeMember.Role.MEMBER,
                ordering=position,
            )
    Accreditation.objects.create(
        meeting=meeting,
        body="European Accreditation Council for Continuing Medical Education (EACCME®)",
        credits=18,
        credit_name="European CME credits (ECMEC®s)",
        statement=(
            "The EACCME® has accredited Cytokines 2021 Hybrid: 9th Annual Meeting of the "
            "International Cytokine & Interferon Society, Cardiff, United Kingdom, "
            "17/10/2021-20/10/2021, with 18 European CME credits (ECMEC®s)."
        ),
    )
    ComplianceNotice.objects.create(
        meeting=meeting,
        scheme="MedTech Europe Code of Ethical Business Practice",
        status=ComplianceNotice.Status.COMPLIANT,
        statement=(
            "Ethical MedTech has assessed the 9th Annual Meeting of the International Cytokine "
            "& Interferon Society, starting on 17-10-2021 in Cardiff, United Kingdom, as "
            "**compliant** with the MedTech Europe Code of Ethical Business Practice."
        ),
    )
    SponsorTier.objects.create(meeting=meeting, name="Other Sponsors & Exhibitors", rank=90)
    GrantAcknowledgement.objects.create(
        meeting=meeting,
        text="This Meeting is supported by a grant from Genentech, a member of the Roche Group.",
    )
    for day_date, sessions in PROGRAM:
        day = ProgramDay.objects.create(meeting=meeting, date=day_date)
        for title, kind, start, end in sessions:
            Session.objects.create(
                day=day,
                title=title,
                kind=kind,
                start_time=start,
                end_time=end,
                track="Virtual platform",
            )
    return True
