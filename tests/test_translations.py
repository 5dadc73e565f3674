"""English, French and Spanish: complete catalogues, a switcher that keeps the page,
translated pages and admin labels, and records that stay as entered."""

import datetime
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from core.dates import format_partial
from core.versioned_cache import version_key
from partnerships.models import Figure, Project, Quote

ROOT = Path(settings.BASE_DIR)
CATALOGUES = {code: ROOT / "locale" / code / "LC_MESSAGES" / "django.po" for code in ("fr", "es")}
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def _unquote(line: str) -> str:
    return line[line.index('"') + 1 : line.rindex('"')].encode("latin-1", "backslashreplace").decode("unicode_escape")


def read_catalogue(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr forms and flags."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field] += _unquote(line)
        else:
            keyword = line.split(" ", 1)[0]
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                field = ("msgstr", index)
                entry["msgstr"][index] = _unquote(line)
            else:
                field = keyword
                entry[field] = _unquote(line)
    return entries


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_interface_string_is_translated(language):
    entries = read_catalogue(CATALOGUES[language])
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and f"Language: {language}" in header["msgstr"][0]
    assert "fuzzy" not in header["flags"]
    assert len(messages) > 400
    untranslated = [entry["msgid"] for entry in messages if not all(entry["msgstr"].values())]
    fuzzy = [entry["msgid"] for entry in messages if "fuzzy" in entry["flags"]]
    assert untranslated == [] and fuzzy == []
    plural_forms = 3 if language == "es" else 2
    for entry in messages:
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if entry["msgid_plural"] else [])
        expected = set(PLACEHOLDER.findall(sources[-1]))
        if entry["msgid_plural"]:
            assert sorted(entry["msgstr"]) == list(range(plural_forms)), entry["msgid"]
        for text in entry["msgstr"].values():
            # A translation names the same placeholders (a singular may leave out the count).
            assert set(PLACEHOLDER.findall(text)) <= expected | set(PLACEHOLDER.findall(sources[0])), entry["msgid"]
            assert expected - {"counter", "n", "len", "shown"} <= set(PLACEHOLDER.findall(text)), entry["msgid"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed: apt-get install gettext")
def test_catalogues_hold_every_marked_string(tmp_path):
    """makemessages on a copy of the code finds no string the committed catalogues lack."""
    ignore = shutil.ignore_patterns(".*", "*.mo", "__pycache__", "staticfiles", "screenshots", "backups", "bench")
    copy = tmp_path / "portal"
    shutil.copytree(ROOT, copy, ignore=ignore)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "-l", "es", "--no-obsolete", "--ignore=tests", "-v0"],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DJANGO_SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for language, committed in CATALOGUES.items():
        key = lambda entry: (entry["msgctxt"], entry["msgid"], entry["msgid_plural"])  # noqa: E731
        fresh = {key(entry) for entry in read_catalogue(copy / committed.relative_to(ROOT))}
        assert fresh == {key(entry) for entry in read_catalogue(committed)}, f"run `make translations` ({language})"


def switch(client: Client, language: str, next_url: str):
    return client.post("/language/", {"language": language, "next": next_url})


@pytest.mark.django_db
def test_switcher_keeps_the_page_and_its_query_string(viewer_client):
    page = "/projects/?theme=counter-trafficking&sort=-start&page=1"
    response = viewer_client.get(page)
    switcher = re.search(r'<input type="hidden" name="next" value="([^"]+)">', response.content.decode())
    assert unescape(switcher.group(1)) == page

    response = switch(viewer_client, "fr", page)
    assert response.status_code == 302 and response["Location"] == page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    french = viewer_client.get(page).content.decode()
    assert '<html lang="fr">' in french
    assert "Appliquer les filtres" in french and '<option value="fr" lang="fr" selected>Français</option>' in french
    assert "Thème : Lutte contre la traite" in unescape(french)  # French typography; the theme's French name

    switch(viewer_client, "es", page)
    assert "Aplicar filtros" in viewer_client.get(page).content.decode()
    switch(viewer_client, "en", page)
    assert "Apply filters" in viewer_client.get(page).content.decode()


@pytest.mark.django_db
def test_switcher_works_before_logging_in_and_refuses_other_sites():
    client = Client()
    response = switch(client, "es", "/accounts/login/?next=/quotes/")
    assert response["Location"] == "/accounts/login/?next=/quotes/"
    page = client.get("/accounts/login/?next=/quotes/").content.decode()
    assert "Iniciar sesión" in page and "Contraseña" in page

    # An unknown language changes nothing; a foreign `next` is not followed.
    assert settings.LANGUAGE_COOKIE_NAME not in switch(client, "xx", "/").cookies
    assert "Iniciar sesión" in client.get("/accounts/login/").content.decode()
    assert switch(client, "fr", "https://evil.example/")["Location"] == "/"


@pytest.mark.django_db
def test_the_browser_language_is_the_default():
    page = Client(headers={"accept-language": "es-ES,es;q=0.9"}).get("/accounts/login/").content.decode()
    assert '<html lang="es">' in page


PAGES = {
    "/": ("Les partenariats en un coup d'œil", "Las alianzas de un vistazo"),
    "/projects/": ("Contributions en espèces", "Contribuciones en efectivo"),
    "/partners/": ("Télécharger en CSV", "Descargar CSV"),
    "/quotes/": ("Mots ou auteur", "Palabras o autor"),
    "/projects/solar-lanterns-somalia/": ("Organisations de ce projet", "Organizaciones de este proyecto"),
    "/partners/panasonic/": ("Travaille avec", "Trabaja con"),
    "/gmg/?on=2005-06-01": ("Le groupe à une date", "El grupo en una fecha"),
    "/gmg/chairs/": ("Présidences du GMG", "Presidencias del GMG"),
    "/gmg/groups/": ("Groupes de travail du GMG", "Grupos de trabajo del GMG"),
    "/api/docs/": ("JSON en lecture seule", "JSON de solo lectura"),
    "/no-such-page/": ("Page introuvable", "Página no encontrada"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_pages_speak_french_and_spanish(viewer_client, path):
    for index, language in enumerate(("fr", "es")):
        switch(viewer_client, language, path)
        page = viewer_client.get(path).content.decode()
        assert f'<html lang="{language}">' in page
        assert PAGES[path][index] in unescape(page)


@pytest.mark.django_db
def test_records_stay_as_entered(viewer_client):
    quote = Quote.objects.get(text__contains="nights have become days")
    switch(viewer_client, "fr", "/")
    page = unescape(viewer_client.get("/projects/solar-lanterns-somalia/").content.decode())
    assert quote.text in page
    assert "Solar lanterns" in page or "solar lanterns" in page.lower()
    assert "Panasonic" in page


@pytest.mark.django_db
def test_gmg_dates_and_counts_in_french(viewer_client):
    switch(viewer_client, "fr", "/")
    page = unescape(viewer_client.get("/gmg/", {"on": "2005-06-01"}).content.decode())
    assert "Au 1 juin 2005" in page
    assert '<span id="member-count">6</span> agences' in page
    assert "Geneva Migration Group" in page  # a name is data: never translated


@pytest.mark.django_db
def test_country_and_theme_names_follow_the_language(viewer_client):
    """Regression: menus were translated, theme and country names stayed English."""
    path = "/projects/?country=ID&theme=health"
    for language, country, theme in [
        ("fr", "Indonésie", "Santé"),
        ("es", "Indonesia", "Salud"),
        ("en", "Indonesia", "Health"),
    ]:
        switch(viewer_client, language, path)
        page = unescape(viewer_client.get(path).content.decode())
        assert f"{country}</label>" in page and f"{theme}</label>" in page  # the facets
        assert f"{theme} · " in page or f" · {theme}" in page or f">{theme}<" in page
    switch(viewer_client, "fr", "/")
    page = unescape(viewer_client.get("/projects/solar-lanterns-somalia/").content.decode())
    assert "Somalie" in page and "Violence fondée sur le genre" in page


@pytest.mark.django_db
def test_gmg_dates_date_box_and_notes_follow_the_language(viewer_client):
    """Regression: the previous/next buttons showed "(1 Jan 2015)" in French and "1 Ene
    2014" in Spanish, the date box showed the browser's mm/dd/yyyy under French, and
    the members' notes stayed English."""
    for language, previous, placeholder, note in [
        ("fr", "Changement précédent (1 novembre 2007)", "AAAA-MM-JJ", "Admis en novembre 2007."),
        ("es", "(1 de noviembre de 2007)", "AAAA-MM-DD", "Admitido en noviembre de 2007."),
        ("en", "Previous change (1 November 2007)", "YYYY-MM-DD", "Admitted in November 2007."),
    ]:
        switch(viewer_client, language, "/")
        page = unescape(viewer_client.get("/gmg/", {"on": "2008-06-01"}).content.decode())
        assert previous in page
        assert 'type="date"' not in page and f'placeholder="{placeholder}"' in page
        assert note in page  # the members' notes too


def test_dates_follow_the_language():
    day = datetime.date(2008, 5, 2)
    shown = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            shown[language] = [format_partial(day, precision) for precision in ("day", "month", "year")]
    assert shown == {
        "en": ["2 May 2008", "May 2008", "2008"],
        "fr": ["2 mai 2008", "mai 2008", "2008"],
        "es": ["2 de mayo de 2008", "mayo de 2008", "2008"],
    }


def test_figures_follow_the_language():
    figure = Figure(kind="people_reached", qualifier="more_than", value=Decimal(12500), unit="people", label="reached")
    shown = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            shown[language] = figure.value_display
    assert shown == {"en": "more than 12,500", "fr": "plus de 12\xa0500", "es": "más de 12\xa0500"}


def test_cache_keys_carry_the_language_of_words_only():
    with translation.override("fr"):
        french, french_count = version_key("page", version=7), version_key("count", version=7, per_language=False)
    with translation.override("es"):
        spanish, spanish_count = version_key("page", version=7), version_key("count", version=7, per_language=False)
    assert french != spanish
    assert french_count == spanish_count


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kept_pages_are_kept_per_language(viewer):
    """A page kept in the cache in English is not served to a French reader."""
    cache.clear()
    project = Project.objects.create(title="Language probe", slug="language-probe", summary="-", status="active")
    client = Client()
    client.force_login(viewer)
    # Words inside what is kept: the list's results, the project page's body fragment.
    kept = {
        "/projects/": ("Apply filters", "Appliquer les filtres"),
        project.get_absolute_url(): ("Organisations in this project", "Organisations de ce projet"),
    }
    for path, (english, french) in kept.items():
        assert english in client.get(path).content.decode()
        assert english in client.get(path).content.decode()  # now from the cache
        switch(client, "fr", path)
        assert french in client.get(path).content.decode()
        switch(client, "en", path)
        assert english in client.get(path).content.decode()


@pytest.mark.django_db
def test_admin_labels_are_translated(superuser_client):
    switch(superuser_client, "fr", "/admin/")
    index = unescape(superuser_client.get("/admin/").content.decode())
    assert "Partenariats" in index and "Groupe mondial sur la migration" in index
    assert "Mandats de présidence" in index
    form = unescape(superuser_client.get("/admin/partnerships/project/add/").content.decode())
    for label in ("Titre", "Statut", "En cours", "Précision du début", "Le programme plus large dont il fait partie"):
        assert label in form, label
    switch(superuser_client, "es", "/admin/")
    form = unescape(superuser_client.get("/admin/partnerships/participation/add/").content.decode())
    for label in ("Función", "Socio financiador", "Contribución en especie", "Memorando de entendimiento"):
        assert label in form, label


@pytest.mark.django_db
def test_downloads_stay_in_english(viewer_client):
    switch(viewer_client, "fr", "/projects/")
    response = viewer_client.get("/projects/export.csv", {"q": "lantern"})
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufefftitle,status,start,start_precision,start_text,end")
    assert "Completed" in text or "Active" in text or "Planned" in text
    assert "Terminé" not in text and "En cours" not in text
    assert "Somalia" in text and "Somalie" not in text  # reference data too
    assert "Gender-based violence" in text and "Violence fondée" not in text
