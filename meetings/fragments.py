"""The program and committee lists are rendered once per change and kept in the cache.

Their fragments are keyed on the meeting's `updated_at` and a version of everything the lists
show (days, sessions, chairs, talks, speakers, people, committees and their members): any save
or delete of those (the admin, the services) sets a new version, at once and again after the
commit, so a view that read the old rows between the two cannot keep them. The version is a
random token, so a version lost from the cache never brings back an older fragment; fragments
also expire after FRAGMENT_SECONDS. With the cache down, every view renders the lists afresh."""

from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "meetings:lists-version"
FRAGMENT_SECONDS = 600


def lists_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid4().hex
        cache.add(VERSION_KEY, version, None)
    return version


def lists_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid4().hex, None))


def connect() -> None:
    from .models import (
        Committee,
        CommitteeMember,
        Person,
        ProgramDay,
        Session,
        Talk,
        TalkSpeaker,
    )

    for model in (Committee, CommitteeMember, Person, ProgramDay, Session, Talk, TalkSpeaker):
        for signal in (post_save, post_delete):
            signal.connect(lists_changed, sender=model, dispatch_uid=f"lists-{model.__name__}")
    m2m_changed.connect(lists_changed, sender=Session.chairs.through, dispatch_uid="lists-chairs")
