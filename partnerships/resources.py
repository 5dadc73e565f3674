"""Admin import and export (django-import-export) of organisations, projects,
participations and figures, as CSV or XLSX.

Rows are matched by their natural keys (slugs; a participation by project,
partner and role), related records are named by slug or country code, and every row
is validated like an admin form (`full_clean`, the database constraints included).
An import is all or nothing: the admin shows a dry run with each row's errors and
their row numbers, and only a file without errors can be confirmed, in one transaction.
Saves go through the models, so every imported row leaves a history row.
"""

from diff_match_patch import diff_match_patch
from django.utils.encoding import force_str
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.citations import cite
from core.downloads import neutralise
from core.models import Source
from core.sources import find

from .models import Country, Crisis, Figure, Organisation, Participation, Project, Theme
from .search import refresh_search_of


class ListWidget(widgets.Widget):
    """A list of words in one cell, separated by semicolons."""

    def clean(self, value, row=None, **kwargs):
        return [item.strip() for item in str(value or "").split(";") if item.strip()]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(value or [])


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug or code, with a plain error when none has it."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"There is no {self.model._meta.verbose_name} “{value}”.") from None


class MarkedDiff(resources.Diff):
    """The preview's changes as <ins> and <del>, styled by admin.css: the library's own
    diff carries inline styles, which the Content-Security-Policy blocks."""

    TAGS = {
        diff_match_patch.DIFF_DELETE: "del",
        diff_match_patch.DIFF_EQUAL: "span",
        diff_match_patch.DIFF_INSERT: "ins",
    }

    def as_html(self):
        matcher, cells = diff_match_patch(), []
        for before, after in zip(self.left, self.right, strict=True):
            changes = matcher.diff_main("" if self.new else force_str(before), force_str(after))
            matcher.diff_cleanupSemantic(changes)
            cells.append(
                format_html_join("", "<{}>{}</{}>", ((self.TAGS[op], text, self.TAGS[op]) for op, text in changes))
            )
        return cells


class PortalResource(resources.ModelResource):
    """Shared rules: empty cells are empty text, every row is validated, the search
    text of what changed is refreshed, and exported cells never run as formulas."""

    def before_import_row(self, row, **kwargs):
        # Spreadsheets give None for an empty cell; text columns want "".
        for key, value in row.items():
            if value is None:
                row[key] = ""

    def get_diff_class(self):
        return MarkedDiff

    def export_field(self, field, instance, **kwargs):
        # As the portal's own exports: a text starting with = + - @ must not run as a formula.
        value = super().export_field(field, instance, **kwargs)
        return neutralise(value) if isinstance(value, str) else value

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A row that cites a source is imported even when the record is unchanged.
        if _citation_cells(row) != ("", ""):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        """The row's `source` (a slug) and `passage` columns, when given, cite the record."""
        super().after_save_instance(instance, row, **kwargs)
        slug, passage = _citation_cells(row)
        if not slug and not passage:
            return
        if not (slug and passage):
            raise ValueError(_("Give both the source (its slug) and the passage, or neither."))
        source = Source.objects.filter(slug=slug).first()
        if source is None:
            raise ValueError(_("No source has the slug “%(slug)s”: add it in the admin first.") % {"slug": slug})
        if source.text and find(passage, source.text) is None:
            raise ValueError(
                _("The passage is not in the text of “%(source)s”: paste it verbatim.") % {"source": source}
            )
        cite(instance, source, passage)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        refresh_search_of(self._meta.model, {row.object_id for row in result.rows if row.object_id is not None})


def _citation_cells(row) -> tuple[str, str]:
    return str(row.get("source") or "").strip(), str(row.get("passage") or "").strip()


def by_slug(name: str, model, **kwargs) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=NaturalKeyWidget(model, "slug"), **kwargs)


class OrganisationResource(PortalResource):
    hq_country = fields.Field(
        attribute="hq_country", column_name="hq_country", widget=NaturalKeyWidget(Country, "code")
    )
    parent = by_slug("parent", Organisation)
    aliases = fields.Field(attribute="aliases", column_name="aliases", widget=ListWidget())

    class Meta:
        model = Organisation
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "hq_country",
            "hq_inferred",
            "parent",
            "website",
            "aliases",
            "description",
        ]
        clean_model_instances = True
        skip_unchanged = True


class ProjectResource(PortalResource):
    countries = fields.Field(
        attribute="countries", column_name="countries", widget=widgets.ManyToManyWidget(Country, ";", "code")
    )
    themes = fields.Field(attribute="themes", column_name="themes", widget=widgets.ManyToManyWidget(Theme, ";", "slug"))

    class Meta:
        model = Project
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "summary",
            "status",
            "programme",
            "start",
            "start_precision",
            "end",
            "end_precision",
            "countries",
            "themes",
        ]
        clean_model_instances = True
        skip_unchanged = True


class ParticipationResource(PortalResource):
    project = by_slug("project", Project)
    organisation = by_slug("organisation", Organisation)

    class Meta:
        model = Participation
        import_id_fields = ["project", "organisation", "role"]
        fields = [
            "project",
            "organisation",
            "role",
            "amount",
            "currency",
            "in_kind",
            "agreement",
            "start",
            "start_precision",
            "end",
            "end_precision",
            "note",
        ]
        clean_model_instances = True
        skip_unchanged = True


class FigureResource(PortalResource):
    project = by_slug("project", Project)
    organisation = by_slug("organisation", Organisation)
    crisis = by_slug("crisis", Crisis)

    class Meta:
        model = Figure
        # Figures have no natural key: an empty id adds one, an id updates it.
        fields = [
            "id",
            "project",
            "organisation",
            "crisis",
            "kind",
            "qualifier",
            "value",
            "value_max",
            "unit",
            "label",
            "source_text",
        ]
        clean_model_instances = True
        skip_unchanged = True
