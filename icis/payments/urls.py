from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("<uuid:public_id>/pay/", views.pay, name="pay"),
    path("<uuid:public_id>/intent/", views.payment_intent, name="intent"),
    path("<uuid:public_id>/return/", views.payment_return, name="return"),
]
