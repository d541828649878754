"""On a phone-sized screen the member's pages fit the width: a wide table scrolls inside its
own box instead of pushing the whole page sideways."""

import pytest

from icis.payments.models import Payment
from tests.browser.journeys import credentials_enter

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 375, "height": 800}


def test_the_account_pages_fit_a_phone_screen(checked_page, trainee_payment, postdoc):
    Payment.objects.filter(pk=trainee_payment.pk).update(
        description="Example Meeting 2027 registration and Regular membership"
    )
    page = checked_page.page
    page.set_viewport_size(PHONE)
    checked_page.goto("/accounts/login/")
    credentials_enter(checked_page, postdoc.email)

    for path in ("/my/", "/my/payments/"):
        checked_page.goto(path)
        assert page.get_by_role("link", name="Pay now").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide"
