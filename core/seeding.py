"""Helpers of the seed loaders (partnerships/seed.py, gmg/seed.py): writes that change
only what differs, so that loading the seed again changes nothing."""

from django.db import models

from .dates import parse_partial


def upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """Get the row matching `lookup` and update it to `values`, saving only on a change."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
    return instance


def set_related(manager, objects) -> None:
    """Set a many-to-many relation, touching it only on a change."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(objects)


def dates(spec: dict) -> dict:
    values = {}
    for field in ("start", "end"):
        text = spec.get(field)
        if text is None:
            values[field] = None
            continue
        value, precision = parse_partial(text, end=field == "end")
        values[field] = value
        values[f"{field}_precision"] = precision
    return values


def single_date(text: str | None, field: str = "date") -> dict:
    if text is None:
        return {field: None}
    value, precision = parse_partial(text)
    return {field: value, f"{field}_precision": precision}
