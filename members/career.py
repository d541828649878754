"""Career stages: the vocabulary a member's profile, membership eligibility, award eligibility
and the meetings' trainee categories are written in. Other apps import it from here (the
README's import table), not from members.models."""

from django.db import models


class CareerStage(models.TextChoices):
    GRADUATE_STUDENT = "graduate_student", "Graduate student (PhD or master's)"
    MEDICAL_STUDENT = "medical_student", "Medical student"
    POSTDOC = "postdoc", "Postdoctoral researcher"
    EARLY_CAREER = "early_career", "Early-career investigator"
    MID_CAREER = "mid_career", "Mid-career investigator"
    SENIOR = "senior", "Senior investigator"
    CLINICIAN = "clinician", "Clinician"
    INDUSTRY = "industry", "Industry scientist"
    RETIRED = "retired", "Retired or emeritus"
    OTHER = "other", "Other"


TRAINEE_STAGES = frozenset(
    {CareerStage.GRADUATE_STUDENT, CareerStage.MEDICAL_STUDENT, CareerStage.POSTDOC}
)
