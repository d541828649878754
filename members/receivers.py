from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .services import profile_ensure


@receiver(user_signed_up)
def create_profile(sender, request, user, **kwargs):
    profile_ensure(user=user)
