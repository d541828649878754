"""The abstract's form: its text, its authors and its affiliations, as one submission that
works without JavaScript (fixed rows, and buttons that add rows by sending the page back).

Nothing is required by the form itself: "Save draft" keeps whatever is written, and the
service says what submitting still needs. The form bounds every input (lengths, numbers of
rows, affiliation numbers)."""

import re

from django import forms

from . import markup
from .models import (
    AFFILIATION_MAX_LENGTH,
    BODY_MAX_LENGTH,
    KEYWORDS_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AbstractCall,
    Preference,
)
from .services import AbstractContent, AuthorEntry

AFFILIATIONS_MAX = 30
AFFILIATION_LIST = re.compile(r"\s*[0-9]{1,3}(\s*,\s*[0-9]{1,3})*\s*")
MARKUP_HELP = "Superscript: ^{2+}; subscript: _{1/2}. Greek letters and symbols as typed."


class AbstractForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_MAX_LENGTH, required=False, strip=False, help_text=MARKUP_HELP
    )
    topic = forms.ModelChoiceField(queryset=None, required=False, empty_label="Choose a topic")
    preference = forms.ChoiceField(
        label="Presentation preference",
        choices=[("", "Choose"), *Preference.choices],
        required=False,
    )
    body = forms.CharField(
        label="Abstract",
        max_length=BODY_MAX_LENGTH,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    keywords = forms.CharField(
        max_length=KEYWORDS_MAX_LENGTH,
        required=False,
        help_text="Up to six, separated by commas.",
    )
    conflicts = forms.CharField(
        label="Conflicts of interest",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='Any the authors have; write "None" if there are none.',
    )
    publication_consent = forms.BooleanField(
        required=False,
        label="The authors consent to the abstract's publication in the meeting's abstract "
        "book and in the supplement of the society's journals.",
    )

    def __init__(self, *args, call: AbstractCall, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["topic"].queryset = call.topics.all()
        body = self.fields["body"]
        body.help_text = (
            f"Up to {call.body_limit:,} characters, spaces included; superscript and subscript "
            "markers are not counted. " + MARKUP_HELP
        )
        body.widget.attrs.update(
            {"data-count-limit": str(call.body_limit), "data-count-output": "body-count"}
        )
        if not call.conflicts_required:
            self.fields["conflicts"].help_text = "Optional for this call."
        if not call.publication_consent_required:
            del self.fields["publication_consent"]

    def clean_keywords(self):
        words = [word.strip() for word in self.cleaned_data["keywords"].split(",") if word.strip()]
        if len(words) > 6:
            raise forms.ValidationError(f"At most six keywords; there are {len(words)}.")
        return ", ".join(words)

    def body_count_text(self) -> str:
        """The count under the body, written as static/js/abstract-counter.js writes it (the
        script takes over as the person types; without it, this is what they see)."""
        count = markup.text_length(str(self["body"].value() or ""))
        limit = self.call.body_limit
        text = f"{count:,} of {limit:,} characters"
        return text + (f": {count - limit:,} over the limit" if count > limit else "")


class AuthorForm(forms.Form):
    name = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(max_length=254, required=False, label="Email (optional)")
    affiliations = forms.CharField(
        max_length=60, required=False, help_text="Numbers from the list of affiliations: 1, 3"
    )
    is_presenting = forms.BooleanField(required=False, label="Presenting author")

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("name", "email", "affiliations"))

    def clean_affiliations(self):
        value = self.cleaned_data["affiliations"]
        if not value.strip():
            return ()
        if not AFFILIATION_LIST.fullmatch(value):
            raise forms.ValidationError("Write affiliation numbers separated by commas: 1, 3")
        return tuple(dict.fromkeys(int(number) for number in value.split(",")))


class AffiliationForm(forms.Form):
    name = forms.CharField(
        label="Department, institution, city, country",
        max_length=AFFILIATION_MAX_LENGTH,
        required=False,
    )


class BaseAuthorFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        filled = [form for form in self.forms if not form.is_blank()]
        if len(filled) > self.max_num:
            raise forms.ValidationError(
                f"This call allows at most {self.max_num} authors; there are {len(filled)}."
            )
        if sum(1 for form in filled if form.cleaned_data["is_presenting"]) > 1:
            raise forms.ValidationError("Mark one presenting author only.")
        for form in filled:
            if not form.cleaned_data["name"].strip():
                form.add_error("name", "Give the author's name.")


class BaseAffiliationFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        names = [form.cleaned_data.get("name", "").strip() for form in self.forms]
        while names and not names[-1]:
            names.pop()
        for index, name in enumerate(names):
            if not name:
                self.forms[index].add_error(
                    "name", f"Fill in affiliation {index + 1}, or move the ones after it up."
                )
        self.names = tuple(names)


def _formset(form, base, *, max_num: int):
    return forms.formset_factory(
        form, formset=base, extra=0, max_num=max_num, absolute_max=max_num + 5
    )


class Submission:
    """The three parts of the page as one: bound to what was sent, or showing `initial`."""

    def __init__(
        self,
        *,
        call: AbstractCall,
        data=None,
        initial: dict | None = None,
        authors: list[dict] | None = None,
        affiliations: list[dict] | None = None,
        more_authors: bool = False,
        more_affiliations: bool = False,
    ):
        self.call = call
        self.author_errors: list[str] = []
        author_set = _formset(AuthorForm, BaseAuthorFormSet, max_num=call.max_authors)
        affiliation_set = _formset(
            AffiliationForm, BaseAffiliationFormSet, max_num=AFFILIATIONS_MAX
        )
        self.form = AbstractForm(data, call=call, initial=initial)
        if data is not None and not (more_authors or more_affiliations):
            self.authors = author_set(data, prefix="authors")
            self.affiliations = affiliation_set(data, prefix="affiliations")
            return
        if data is not None:
            # Adding a row: the rows sent come back as they were typed, plus an empty one.
            authors = _rows_sent(author_set(data, prefix="authors"))
            affiliations = _rows_sent(affiliation_set(data, prefix="affiliations"))
        authors = list(authors or [])
        affiliations = list(affiliations or [])
        author_rows = max(len(authors) + (2 if more_authors else 1), 3)
        affiliation_rows = max(len(affiliations) + (2 if more_affiliations else 1), 2)
        self.authors = author_set(
            prefix="authors",
            initial=authors + [{}] * (min(author_rows, call.max_authors) - len(authors)),
        )
        self.affiliations = affiliation_set(
            prefix="affiliations",
            initial=affiliations
            + [{}] * (min(affiliation_rows, AFFILIATIONS_MAX) - len(affiliations)),
        )

    @property
    def can_add_author(self) -> bool:
        return self.authors.total_form_count() < self.call.max_authors

    @property
    def can_add_affiliation(self) -> bool:
        return self.affiliations.total_form_count() < AFFILIATIONS_MAX

    def is_valid(self) -> bool:
        valid = all([self.form.is_valid(), self.authors.is_valid(), self.affiliations.is_valid()])
        if not valid:
            return False
        known = len(self.affiliations.names)
        for author in self.authors.forms:
            missing = [
                n for n in author.cleaned_data.get("affiliations", ()) if not 1 <= n <= known
            ]
            if missing:
                author.add_error(
                    "affiliations",
                    f"There is no affiliation {missing[0]}: the list has {known}.",
                )
                valid = False
        return valid

    def content(self) -> AbstractContent:
        data = self.form.cleaned_data
        topic = data.get("topic")
        return AbstractContent(
            title=data["title"],
            topic_id=topic.pk if topic else None,
            preference=data["preference"],
            body=data["body"],
            keywords=data["keywords"],
            conflicts=data["conflicts"],
            publication_consent=data.get("publication_consent", False),
            authors=tuple(
                AuthorEntry(
                    name=form.cleaned_data["name"].strip(),
                    email=form.cleaned_data["email"],
                    affiliation_numbers=form.cleaned_data["affiliations"],
                    is_presenting=form.cleaned_data["is_presenting"],
                )
                for form in self.authors.forms
                if not form.is_blank()
            ),
            affiliations=self.affiliations.names,
        )

    def problems_show(self, problems) -> None:
        """The service's refusals beside the fields they are about; the text stays."""
        for field, message in problems:
            if field == "authors":
                self.author_errors.append(message)
            elif field in self.form.fields:
                self.form.add_error(field, message)
            else:
                self.form.add_error(None, message)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.author_errors
            or self.authors.non_form_errors()
            or any(form.errors for form in self.authors.forms)
            or self.affiliations.non_form_errors()
            or any(form.errors for form in self.affiliations.forms)
        )


def _rows_sent(formset) -> list[dict]:
    """The rows as typed (valid or not), for showing them again."""
    rows = []
    for form in formset.forms:
        row = {name: form[name].value() for name in form.fields}
        rows.append(row)
    while rows and not any(value for value in rows[-1].values()):
        rows.pop()
    return rows


def initial_from(abstract) -> tuple[dict, list[dict], list[dict]]:
    return (
        {
            "title": abstract.title,
            "topic": abstract.topic_id,
            "preference": abstract.preference,
            "body": abstract.body,
            "keywords": abstract.keywords,
            "conflicts": abstract.conflicts,
            "publication_consent": abstract.publication_consent,
        },
        [
            {
                "name": author.name,
                "email": author.email,
                "affiliations": ", ".join(str(n) for n in author.affiliation_numbers),
                "is_presenting": author.is_presenting,
            }
            for author in abstract.authors.all()
        ],
        [{"name": affiliation.name} for affiliation in abstract.affiliations.all()],
    )
