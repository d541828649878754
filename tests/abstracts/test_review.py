"""Abstracts reviewed on the review engine: assignment by topic that never gives a reviewer an
abstract they have a stake in, the blind review page, scoring on the call's rubric, declaring
a conflict, the reviewer's list with award reviews beside it, and the per-topic ranking."""

import csv
import io

import pytest
from django.urls import reverse

from icis.mail.models import OutboundEmail
from meetings.abstracts import review_services
from meetings.abstracts.exceptions import AbstractError
from meetings.abstracts.models import AbstractConflict, AbstractCriterion, AbstractReview
from tests.abstracts.reviewing import on_panel, submitted, submitted_many
from tests.conftest import sign_in_with_two_factor
from tests.factories import AbstractTopicFactory, UserFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(staff_user_2fa):
    return staff_user_2fa


def _assigned(call) -> set[tuple[int, int]]:
    return set(
        AbstractReview.objects.filter(abstract__call=call).values_list("abstract_id", "reviewer_id")
    )


def test_automatic_assignment_never_gives_a_reviewer_an_abstract_they_have_a_stake_in(call, staff):
    call.reviews_per_abstract = 5
    call.save()
    own, coauthor, by_email, colleague, declared, free = (UserFactory() for _ in range(6))
    abstract = submitted(
        call,
        submitter=own,
        authors=[
            ("Ada Okafor", "ada@example.org", None),
            ("Co Author", "co@example.org", coauthor),
            ("By Email", by_email.email.upper(), None),
        ],
        affiliations=("Institute of Immunology, Cardiff",),
    )
    for reviewer in (own, coauthor, by_email, declared, free):
        on_panel(call, reviewer)
    on_panel(call, colleague, institution="institute of immunology,  cardiff")
    AbstractConflict.objects.create(abstract=abstract, reviewer=declared, reason="My trainee")

    result = review_services.reviews_assign_automatic(call=call, actor=staff)

    assert _assigned(call) == {(abstract.pk, free.pk)}
    assert result.short == [(abstract, 1)]
    for reviewer, reason in [
        (own, "their own abstract"),
        (coauthor, "a co-author"),
        (by_email, "a co-author"),
        (colleague, "the same institution"),
        (declared, "a declared conflict"),
    ]:
        with pytest.raises(AbstractError, match=reason):
            review_services.review_assign(abstract_id=abstract.pk, reviewer=reviewer, actor=staff)


def test_reviewers_are_given_only_the_topics_they_judge_and_the_least_loaded_first(call, staff):
    interferons, cancer = call.topics.all()
    call.reviews_per_abstract = 1
    call.save()
    ifn_abstracts = [submitted(call, topic=interferons) for _ in range(4)]
    cancer_abstract = submitted(call, topic=cancer)
    ifn_one = on_panel(call, topics=[interferons]).reviewer
    ifn_two = on_panel(call, topics=[interferons]).reviewer
    oncologist = on_panel(call, topics=[cancer]).reviewer

    review_services.reviews_assign_automatic(call=call, actor=staff)

    assigned = _assigned(call)
    assert assigned >= {(cancer_abstract.pk, oncologist.pk)}
    by_reviewer = {ifn_one.pk: 0, ifn_two.pk: 0}
    for abstract in ifn_abstracts:
        (reviewer_id,) = [r for a, r in assigned if a == abstract.pk]
        by_reviewer[reviewer_id] += 1
    assert by_reviewer == {ifn_one.pk: 2, ifn_two.pk: 2}
    assert not any(r == oncologist.pk for a, r in assigned if a != cancer_abstract.pk)
    # One email to each reviewer, naming abstracts by number, never their authors.
    email = OutboundEmail.objects.get(to_email=oncologist.email)
    assert cancer_abstract.number in email.body_text
    assert cancer_abstract.submitter.get_full_name() not in email.body_text


def _review(call, *, blind: bool, reviewer=None):
    call.blind_review = blind
    call.save()
    review_services.rubric_default(call=call)
    abstract = submitted(
        call,
        authors=[("Ines Marlowe-Quist", "ines@example.org", None)],
        affiliations=("Quistgaard Institute of Cytokine Research",),
    )
    abstract.keywords = "IL-1\u03b2, interferon"
    abstract.save()
    reviewer = reviewer or UserFactory()
    return AbstractReview.objects.create(abstract=abstract, reviewer=reviewer)


def test_a_blind_review_page_names_no_author_or_affiliation_but_keeps_the_keywords(call, client):
    review = _review(call, blind=True)
    client.force_login(review.reviewer)
    page = client.get(reverse("abstracts:review", args=[review.pk])).content.decode()
    assert "Marlowe-Quist" not in page
    assert "Quistgaard" not in page
    assert "IL-1\u03b2, interferon" in page
    assert "reviewed blind" in page


def test_an_open_review_page_shows_the_authors_and_affiliations(call, client):
    review = _review(call, blind=False)
    client.force_login(review.reviewer)
    page = client.get(reverse("abstracts:review", args=[review.pk])).content.decode()
    assert "Ines Marlowe-Quist" in page
    assert "Quistgaard Institute of Cytokine Research" in page


def test_a_reviewer_scores_on_the_calls_weighted_rubric_and_a_gap_is_refused_in_place(call, client):
    review = _review(call, blind=True)
    client.force_login(review.reviewer)
    url = reverse("abstracts:review", args=[review.pk])
    quality, novelty, clarity = AbstractCriterion.objects.filter(call=call)
    assert (quality.weight, novelty.weight, clarity.weight) == (3, 2, 1)

    response = client.post(
        url, {f"criterion_{quality.pk}": "5", "comment": "Solid", "action": "submit"}
    )
    assert response.status_code == 200
    assert "Score every criterion before submitting: Novelty, Clarity." in response.content.decode()

    response = client.post(
        url,
        {
            f"criterion_{quality.pk}": "5",
            f"criterion_{novelty.pk}": "2",
            f"criterion_{clarity.pk}": "2",
            "comment": "Solid",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert str(review.weighted_score) == "3.50"  # (5*3 + 2*2 + 2*1) / 6


def test_a_declared_conflict_takes_the_abstract_off_the_list_and_it_is_never_given_back(
    call, client, staff
):
    review = _review(call, blind=True)
    on_panel(call, review.reviewer)
    client.force_login(review.reviewer)
    response = client.post(
        reverse("abstracts:review_conflict", args=[review.pk]), {"reason": "My former lab"}
    )
    assert response.status_code == 302
    assert not AbstractReview.objects.filter(pk=review.pk).exists()
    page = client.get(reverse("awards:reviews")).content.decode()
    assert review.abstract.number not in page

    review_services.reviews_assign_automatic(call=call, actor=staff)
    assert not AbstractReview.objects.filter(reviewer=review.reviewer).exists()


def test_my_reviews_lists_abstracts_beside_award_applications(call, client):
    review = _review(call, blind=True)
    client.force_login(review.reviewer)
    page = client.get(reverse("awards:reviews")).content.decode()
    assert "Abstracts to review" in page
    assert review.abstract.number in page
    assert reverse("abstracts:review", args=[review.pk]) in page
    assert "Marlowe-Quist" not in page
    assert "You have no applications to review" not in page


def test_someone_elses_review_is_not_found(call, client):
    review = _review(call, blind=True)
    client.force_login(UserFactory())
    assert client.get(reverse("abstracts:review", args=[review.pk])).status_code == 404


def _grow_reviewed(call, reviewers):
    return lambda n: submitted_many(call, n, reviewers=reviewers)


def test_the_reviewers_list_runs_the_same_queries_at_30_and_1000_abstracts(call, client):
    reviewer = UserFactory()
    client.force_login(reviewer)
    url = reverse("awards:reviews")
    client.get(url)  # the session and user are loaded once
    assert_queries_at_sizes(
        expected=4,
        grow=_grow_reviewed(call, [reviewer]),
        action=lambda: client.get(url),
        sizes=(30, 970),
    )


def test_the_ranking_page_runs_the_same_queries_at_30_and_1000_abstracts(call, client, staff):
    AbstractTopicFactory(call=call, name="Cytokines in autoimmunity", position=3)
    reviewers = [on_panel(call).reviewer for _ in range(3)]
    sign_in_with_two_factor(client, staff)
    url = reverse("admin:abstracts_abstractcall_ranking", args=[call.pk])
    assert client.get(url).status_code == 200
    assert_queries_at_sizes(
        expected=8,
        grow=_grow_reviewed(call, reviewers),
        action=lambda: client.get(url),
        sizes=(30, 970),
    )


def test_the_ranking_is_per_topic_with_mean_median_spread_and_its_csv_matches(call, client, staff):
    interferons, cancer = call.topics.all()
    review_services.rubric_default(call=call)
    reviewers = [UserFactory() for _ in range(3)]
    scores = {"weak": [1, 2, 3], "strong": [5, 4, 5], "cancer": [3, 3, 3]}
    made = {}
    for label, values in scores.items():
        topic = cancer if label == "cancer" else interferons
        made[label] = abstract = submitted(call, topic=topic, title=f"=HYPERLINK {label}")
        for reviewer, value in zip(reviewers, values, strict=True):
            review = AbstractReview.objects.create(abstract=abstract, reviewer=reviewer)
            review_services.review_save(
                review_id=review.pk,
                reviewer=reviewer,
                scores={c.pk: value for c in AbstractCriterion.objects.filter(call=call)},
                comment="",
                submit=True,
            )
    sign_in_with_two_factor(client, staff)
    response = client.get(reverse("admin:abstracts_abstractcall_ranking_csv", args=[call.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["topic"], r["rank_in_topic"], r["number"]) for r in rows] == [
        (interferons.name, "1", made["strong"].number),
        (interferons.name, "2", made["weak"].number),
        (cancer.name, "1", made["cancer"].number),
    ]
    strong = rows[0]
    assert (strong["mean"], strong["median"], strong["spread"]) == ("4.67", "5.00", "1.00")
    assert strong["title"].startswith("'=")  # never a formula in the staff's spreadsheet
    page = client.get(reverse("admin:abstracts_abstractcall_ranking", args=[call.pk]))
    assert page.status_code == 200
    assert interferons.name in page.content.decode()


def test_staff_assign_automatically_and_by_hand_and_record_a_conflict_from_the_pages(
    call, client, staff
):
    abstract = submitted(call)
    first, second = on_panel(call).reviewer, on_panel(call).reviewer
    call.reviews_per_abstract = 1
    call.save()
    sign_in_with_two_factor(client, staff)
    assign = reverse("admin:abstracts_abstractcall_assign", args=[call.pk])
    assert "Submitted abstracts" in client.get(assign).content.decode()
    client.post(assign)
    assert len(_assigned(call)) == 1

    (given,) = _assigned(call)
    other = second if given[1] == first.pk else first
    by_hand = reverse("admin:abstracts_abstractcall_abstract_assign", args=[call.pk, abstract.pk])
    client.post(by_hand, {f"r{abstract.pk}-reviewer": str(other.pk)})
    assert _assigned(call) == {given, (abstract.pk, other.pk)}

    conflict = reverse(
        "admin:abstracts_abstractcall_abstract_conflict", args=[call.pk, abstract.pk]
    )
    response = client.post(
        conflict,
        {f"r{abstract.pk}-reviewer": str(other.pk), f"r{abstract.pk}-reason": "Spouse"},
        follow=True,
    )
    assert "will not review" in response.content.decode()
    assert _assigned(call) == {given}
    assert AbstractConflict.objects.get(reviewer=other).reason == "Spouse"
