"""The migration to prices per currency keeps every type's price: its single price becomes its
price in its currency."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("members", "0003_renewal_schedules")]
AFTER = [("members", "0004_membership_prices_per_currency")]


@pytest.mark.django_db(transaction=True)
def test_each_type_s_single_price_becomes_its_price_in_its_currency():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldType = old_apps.get_model("members", "MembershipType")
    OldType.objects.create(name="Regular", slug="regular", price=15000, currency="USD")
    OldType.objects.create(name="Student", slug="student", price=4000, currency="gbp")
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        new_apps = executor.loader.project_state(AFTER).apps
        Price = new_apps.get_model("members", "MembershipPrice")
        assert sorted(Price.objects.values_list("membership_type__slug", "currency", "amount")) == [
            ("regular", "USD", 15000),
            ("student", "GBP", 4000),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
