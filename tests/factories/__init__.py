"""factory-boy factories for the models the tests build, one module per app.

`UserFactory(...)` saves a user; `MeetingFactory.build()` makes one without saving."""

from .accounts import PASSWORD, UserFactory
from .awards import (
    ApplicationFactory,
    AwardCycleFactory,
    AwardProgramFactory,
    ConflictFactory,
    CriterionFactory,
    PanelMemberFactory,
    RecipientFactory,
    RefereeRequestFactory,
    RequiredDocumentFactory,
)
from .meetings import (
    AnnouncementFactory,
    FeeFactory,
    FeeWindowFactory,
    MeetingFactory,
    PromoCodeFactory,
    RefundRuleFactory,
    RegistrationCategoryFactory,
    RegistrationSettingsFactory,
)
from .members import (
    MemberProfileFactory,
    MembershipFactory,
    MembershipTypeFactory,
    member_with_term,
)
from .news import (
    NewsletterIssueFactory,
    NewsletterItemFactory,
    NewsletterSubscriberFactory,
    PostFactory,
    ResearchNewsFactory,
    post_create,
)
from .site import PageFactory

__all__ = [
    "PASSWORD",
    "AnnouncementFactory",
    "ApplicationFactory",
    "AwardCycleFactory",
    "AwardProgramFactory",
    "ConflictFactory",
    "CriterionFactory",
    "FeeFactory",
    "FeeWindowFactory",
    "MeetingFactory",
    "MemberProfileFactory",
    "MembershipFactory",
    "MembershipTypeFactory",
    "NewsletterIssueFactory",
    "NewsletterItemFactory",
    "NewsletterSubscriberFactory",
    "PageFactory",
    "PanelMemberFactory",
    "PostFactory",
    "PromoCodeFactory",
    "RecipientFactory",
    "RefereeRequestFactory",
    "RefundRuleFactory",
    "RegistrationCategoryFactory",
    "RegistrationSettingsFactory",
    "RequiredDocumentFactory",
    "ResearchNewsFactory",
    "UserFactory",
    "member_with_term",
    "post_create",
]
