"""The audit log's one writer. Every state-changing service calls `audit_record`.

What was done is a member of an app's audit actions: a `models.TextChoices` in that app's
`audit.py`, registered here with `@audit_actions("Group")`. `audit_record` takes nothing else,
so a typo cannot invent an action, and the audit admin can list every action by its label.
Each app's `audit.py` is imported when the project starts (`CoreConfig.ready`)."""

import enum
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .models import AuditEntry

# Stored value -> the one registered member with that value; and each registered enum's group.
_ACTIONS: dict[str, models.TextChoices] = {}
_GROUPS: dict[type[models.TextChoices], str] = {}

Actions = TypeVar("Actions", bound=type[models.TextChoices])


def audit_actions(group: str) -> Callable[[Actions], Actions]:
    """Class decorator: register an app's audit actions, shown under `group` in the admin.

    A stored value means one thing: registering it twice is refused."""

    def register(choices: Actions) -> Actions:
        for member in choices:
            known = _ACTIONS.get(member.value)
            if known is not None and known is not member:
                raise ValueError(f"audit action {member.value!r} is already {known!r}")
        for member in choices:
            _ACTIONS[member.value] = member
        _GROUPS[choices] = group
        return choices

    return register


def admin_edit_actions(name: str, models_edited: dict[str, str], *, module: str):
    """The create/change/delete actions `AuditedModelAdmin` records for the models an app lets
    staff edit in the admin, as a TextChoices named `name`: `models_edited` maps a model name
    (`Model._meta.model_name`) to what staff call it. Values are `<model name>.<verb>`."""
    verbs = [("CREATE", "create", "added"), ("CHANGE", "change", "changed")]
    verbs.append(("DELETE", "delete", "deleted"))
    members = [
        (f"{model.upper()}_{verb}", (f"{model}.{value}", f"{label} {done} in the admin"))
        for model, label in models_edited.items()
        for verb, value, done in verbs
    ]
    return models.TextChoices(name, members, module=module)


def audit_action(value: str) -> models.TextChoices:
    """The registered action stored as `value`; ValueError when there is none."""
    try:
        return _ACTIONS[value]
    except KeyError:
        raise ValueError(f"{value!r} is not a registered audit action") from None


def audit_action_groups() -> list[tuple[str, list[models.TextChoices]]]:
    """Every registered action, grouped as registered, groups and actions in label order."""
    groups: dict[str, list[models.TextChoices]] = {}
    for choices, group in _GROUPS.items():
        groups.setdefault(group, []).extend(choices)
    return [
        (group, sorted(members, key=lambda member: member.label))
        for group, members in sorted(groups.items())
    ]


def audit_action_values() -> Iterable[str]:
    return _ACTIONS.keys()


def _registered(action: Any) -> str:
    if not isinstance(action, enum.Enum):
        raise TypeError(
            f"audit_record takes a registered audit action (an app's audit.py), not {action!r}"
        )
    if _ACTIONS.get(action.value) is not action:
        raise ValueError(f"{action!r} is not a registered audit action")
    return action.value


def audit_record(
    *,
    actor: Any | None,
    action: models.TextChoices,
    target: models.Model | None = None,
    data: dict | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Record that `actor` (a user, or None for the system) did `action` to `target`."""
    value = _registered(action)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        created_at=now or timezone.now(),
        actor=actor,
        actor_label=actor.get_username() if actor else "",
        action=value,
        data=data or {},
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.object_id = str(target.pk)
        entry.object_label = str(target)[:300]
    entry.save()
    return entry


def audit_actor_forget(*, user) -> int:
    """The person's account is being erased: their acts stay in the log, unnamed."""
    return AuditEntry.objects.filter(actor=user).update(actor=None, actor_label="erased account")


# Example marks are removed in the admin once staff have replaced the setting.
CoreAdminEdit = audit_actions("Site administration")(
    admin_edit_actions("CoreAdminEdit", {"examplesetting": "Example setting mark"}, module=__name__)
)
