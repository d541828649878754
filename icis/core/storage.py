"""Where private files live: award documents, posters, exhibitors' resources."""

from django.core.files.storage import storages


def private_storage():
    """Files outside the public media folder, served only through a view that checks who is
    asking (in production, a private bucket)."""
    return storages["private"]
