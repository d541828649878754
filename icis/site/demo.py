"""The society's own pages as demo content: facts as the society states them, in our own words."""

ABOUT_PAGES = [
    {
        "slug": "who-we-are",
        "title": "Who we are",
        "ordering": 10,
        "summary": (
            "The International Cytokine & Interferon Society (ICIS) is the scientific home of "
            "cytokine and interferon research, across many disciplines."
        ),
        "body": """\
The International Cytokine & Interferon Society (ICIS) promotes the study of cytokine and
interferon biology in every discipline it touches. Cytokine biology, cytokine biomarkers and
cytokine therapeutics are changing modern medicine, and the society exists to move that work
forward.

More than **1,250 scientists and physicians** belong to the society. Together we support
career development, recognise excellent cytokine and interferon research, and help carry
discoveries towards new treatments for **autoimmune diseases, cancer, infectious diseases and
inflammation**. Members, leaders and staff share one commitment: advancing cytokine biology to
improve human health.

## What members take part in

- **The Annual Meeting**, where members register at a substantial discount.
- **Sharing their research news** through this website, the **Signals+ Newsletter** and the
  society's official journals.
- **The awards programmes**: each year the society recognises excellence with **Senior,
  Mid-Career, Young Investigator and Trainee awards**, which also support mentorship and career
  development.

## Young investigators and trainees

Bringing young investigators and trainees together with established researchers is one of the
society's main goals. Outstanding junior investigators, postdoctoral researchers and
graduate and medical students are encouraged to take part in the Annual Meeting, helped by
travel awards reserved for young researchers.
""",
    },
    {
        "slug": "mission",
        "title": "Our mission",
        "ordering": 20,
        "summary": (
            "The five aims the society works towards, through meetings, publications and education."
        ),
        "body": """\
The society has five aims:

1. To promote original research on cytokines, interferons, chemokines, growth factors and
   their receptors.
2. To help scientists communicate and work together, so that basic and clinical knowledge and
   ideas in these fields are brought together across disciplines.
3. To bring young investigators and trainees together with established researchers in the
   interferon and cytokine field.
4. To spread information about these areas of biomedical research and the ways their knowledge
   is applied.
5. To make national and international health communities aware, through educational
   programmes, of how important these areas of biomedical research are.

To reach these aims the society sponsors meetings, publications and other educational
activities.
""",
    },
    {
        "slug": "family",
        "title": "A family of cytokine biologists",
        "ordering": 30,
        "summary": (
            "A worldwide community of scientists working on cytokine, interferon and chemokine "
            "biology, in academia, government and industry."
        ),
        "body": """\
Joining the International Cytokine & Interferon Society makes you part of a worldwide community
of scientists devoted to **cytokine, interferon and chemokine biology**.

Members use the society to:

- exchange information and ideas with others across this large field;
- strengthen ties between disciplines;
- build international collaborations.

The society is a network that links **academic, government and industry scientists**, improves
how research is communicated, and helps advance the therapeutic use and targeting of cytokines,
their commercial development, and the success of biological response modifiers.
""",
    },
    {
        "slug": "membership",
        "title": "Membership benefits",
        "ordering": 40,
        "summary": (
            "Meeting discounts, awards at every career stage, and a place to share your research "
            "news."
        ),
        "body": """\
Members of the society:

- **register for the Annual Meeting at a substantial discount**;
- **apply for the society's awards** at every career stage: Senior, Mid-Career, Young
  Investigator and Trainee awards, and travel awards for young researchers;
- **share their research news** through the website, the Signals+ Newsletter and the society's
  official journals;
- **find mentors and collaborators** among more than 1,250 scientists and physicians.

PhD students, medical students, postdoctoral researchers and early career scientists meet the
field's established researchers at the Annual Meeting, and the society's travel awards are
dedicated to them.
""",
    },
    {
        "slug": "annual-meeting",
        "title": "The annual meeting",
        "ordering": 50,
        "summary": (
            "Each year 700 to 1,100 investigators from academia, government and industry meet to "
            "share the latest findings in cytokine biology."
        ),
        "body": """\
The Cytokines Annual Meeting brings together the world's experts on **viruses and antiviral
responses** and on **the immune system in health and disease**, alongside leaders from
industry and the next generation of PhD students, postdocs and early-career scientists.
Between 700 and 1,100 investigators from academia, government and industry attend each year.

Many of the major advances in cytokine biology were first reported at this meeting.

Members register at a substantial discount, and travel awards help outstanding young
researchers attend.
""",
    },
    {
        "slug": "awards",
        "title": "Awards",
        "ordering": 60,
        "summary": (
            "Senior, Mid-Career, Young Investigator and Trainee awards, and travel awards for "
            "young researchers."
        ),
        "body": """\
Every year the society recognises excellence in cytokine and interferon research at each
career stage with its **Senior, Mid-Career, Young Investigator and Trainee awards**. The awards
programmes are also how the society supports mentorship and career development.

Outstanding junior investigators, postdoctoral researchers and graduate and medical students
can apply for **travel awards** dedicated to young researchers, to present their work at the
Annual Meeting.

[See every award, its rules and its open call](/awards/).
""",
    },
    {
        "slug": "news-and-signals",
        "title": "News and Signals+",
        "ordering": 70,
        "summary": (
            "How the society and its members share news: the website, Signals+ and the "
            "official journals."
        ),
        "body": """\
Members communicate their research news through this website, the **Signals+ Newsletter** and
the society's official journals, so the whole field hears about new findings, meetings and
opportunities.
""",
    },
]

STAFF_EMAIL = "staff@cytokinesociety.org"
STAFF_FIRST_NAME = "Society"
STAFF_LAST_NAME = "Staff"


# The seeds name none of the society's officers or council, so the demo's leadership is made
# up and says so in every name: staff replace it with the real officers in the admin. Terms are
# given in years from the year the demo is loaded (0 is that year), so the current ones are
# current whenever it is loaded; the last two have ended and show as past.
LEADERSHIP = [
    # name, role, body, institution, first year, last year, ordering
    ("Alex Example (fictional)", "President", "officer", "Example University", -1, 1, 10),
    ("Sam Sample (fictional)", "President-Elect", "officer", "Sample Institute", -1, 1, 20),
    (
        "Robin Placeholder (fictional)",
        "Secretary",
        "officer",
        "Placeholder Medical School",
        -2,
        1,
        30,
    ),
    ("Jordan Demo (fictional)", "Treasurer", "officer", "Demo Research Centre", -2, 1, 40),
    (
        "Casey Illustration (fictional)",
        "Councillor",
        "council",
        "Illustration University",
        -1,
        2,
        10,
    ),
    ("Morgan Instance (fictional)", "Councillor", "council", "Instance Hospital", -1, 2, 20),
    ("Taylor Former (fictional)", "President", "officer", "Former College", -4, -2, 10),
    ("Drew Earlier (fictional)", "Councillor", "council", "Earlier University", -5, -2, 10),
]
