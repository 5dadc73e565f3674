"""Notifications as their reader sees them: each changed field by its label in the
reader's language, a related record by its name, and only what the reader may view."""

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey, Model

from .models import Notification

# Records every signed-in colleague may view on the portal's pages; other models' changes
# need the admin's view permission.
PORTAL_APPS = {"partnerships", "gmg"}


@dataclass
class Item:
    notification: Notification
    fields: list[tuple[str, str, str]]  # label, old, new
    visible: bool  # False: the reader may not view the changed record (it is named only by its follow)


def may_view(user, model: type[Model] | None) -> bool:
    if model is None:
        return True
    return model._meta.app_label in PORTAL_APPS or user.has_perm(
        f"{model._meta.app_label}.view_{model._meta.model_name}"
    )


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def present(notifications, user) -> list[Item]:
    notifications = list(notifications)
    names = _related_names(notifications)
    items = []
    for notification in notifications:
        model = _model(notification.subject_model)
        visible = may_view(user, model)
        fields = []
        for name, old, new in notification.changes if visible else []:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, ForeignKey):
                old, new = names[field.related_model].get(old, old), names[field.related_model].get(new, new)
            fields.append((str(field.verbose_name), old, new))
        items.append(Item(notification, fields, visible))
    return items


def _related_names(notifications) -> dict[type[Model], dict[str, str]]:
    """The names of the records the changed fields point at, one query per model."""
    wanted = defaultdict(set)
    for notification in notifications:
        model = _model(notification.subject_model)
        for name, old, new in notification.changes:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, ForeignKey):
                wanted[field.related_model] |= {value for value in (old, new) if value}
    names = defaultdict(dict)
    for model, keys in wanted.items():
        pk = model._meta.pk
        valid = []
        for key in keys:
            try:
                valid.append(pk.to_python(key))
            except Exception:
                continue
        names[model] = {str(record.pk): str(record) for record in model.objects.filter(pk__in=valid)}
    return names
