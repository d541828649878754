"""A membership type has a price per currency it is sold in: each type's single price becomes
its price in its (default) currency, then the single price goes."""

import django.db.models.deletion
from django.db import migrations, models

import icis.core.validators


def prices_from_single_price(apps, schema_editor):
    MembershipType = apps.get_model("members", "MembershipType")
    MembershipPrice = apps.get_model("members", "MembershipPrice")
    MembershipPrice.objects.bulk_create(
        MembershipPrice(
            membership_type_id=membership_type.pk,
            currency=membership_type.currency.upper(),
            amount=membership_type.price,
        )
        for membership_type in MembershipType.objects.all()
    )


def single_price_from_prices(apps, schema_editor):
    MembershipType = apps.get_model("members", "MembershipType")
    MembershipPrice = apps.get_model("members", "MembershipPrice")
    for membership_type in MembershipType.objects.all():
        price = MembershipPrice.objects.filter(
            membership_type=membership_type, currency=membership_type.currency
        ).first()
        membership_type.price = price.amount if price else 0
        membership_type.save(update_fields=["price"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_renewal_schedules"),
    ]

    operations = [
        migrations.CreateModel(
            name="MembershipPrice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "currency",
                    models.CharField(
                        max_length=3, validators=[icis.core.validators.validate_currency_code]
                    ),
                ),
                (
                    "amount",
                    models.PositiveIntegerField(help_text="In minor units: 15000 is 150.00."),
                ),
                (
                    "membership_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="prices",
                        to="members.membershiptype",
                    ),
                ),
            ],
            options={
                "ordering": ["membership_type", "currency"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("membership_type", "currency"),
                        name="members_one_price_per_currency",
                    )
                ],
            },
        ),
        migrations.RunPython(prices_from_single_price, single_price_from_prices),
        migrations.RemoveField(
            model_name="membershiptype",
            name="price",
        ),
        migrations.AlterField(
            model_name="membershiptype",
            name="currency",
            field=models.CharField(
                default="USD",
                help_text="What joining and renewing on the membership pages charge in; it "
                "needs a price below. A meeting checkout charges in the meeting's currency, "
                "where a price is set.",
                max_length=3,
                validators=[icis.core.validators.validate_currency_code],
                verbose_name="default currency",
            ),
        ),
    ]
