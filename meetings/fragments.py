"""The program and committee lists are rendered once per change and kept in the cache.

Their fragments are keyed on the page generation (icis/core/pagegeneration.py): any committed
change to what they show, however it is made (the admin, a service, a bulk update, raw SQL),
moves it, and every process sees the new number within a second, as the page cache does.
Fragments also expire after FRAGMENT_SECONDS. With the cache down, every view renders the lists
afresh."""

from uuid import uuid4

from django.utils import timezone

from icis.core import pagecache

FRAGMENT_SECONDS = 600


def lists_version() -> str:
    current, _ = pagecache.generation.current(timezone.now())
    # Unreadable generation: a key no later request shares, so nothing old is shown.
    return str(current) if current is not None else uuid4().hex
