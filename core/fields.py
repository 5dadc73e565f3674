"""Model fields both apps use."""

from django.db import models


class NamedLinksManyToManyField(models.ManyToManyField):
    """A many-to-many field whose links, the rows of the table Django makes between the two
    models, are named by their two records ("Lanterns for Somalia – Somalia") where the
    admin's delete confirmations and history show them, not "Project_countries object (33)".
    The field is an ordinary ManyToManyField to migrations."""

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        through = self.remote_field.through
        if not isinstance(through, str) and through._meta.auto_created:
            through.__str__ = _link_name

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ManyToManyField", args, kwargs


def _link_name(link) -> str:
    return " – ".join(str(getattr(link, field.name)) for field in link._meta.fields if field.is_relation)
