"""Synthetic data for benchmarks: deterministic, skewed, removable without touching the seed."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from gmg.models import Membership
from partnerships import synthetic
from partnerships.models import Organisation, Participation, Project
from partnerships.search import search

pytestmark = pytest.mark.django_db


def quiet(_message):
    pass


def snapshot():
    projects = Project.objects.filter(slug__startswith="synthetic-").order_by("slug")
    return list(projects.values_list("slug", "title", "start", "status"))


def test_generates_what_was_asked_and_removes_only_it():
    seed_projects, seed_orgs = Project.objects.count(), Organisation.objects.count()
    members = Membership.objects.count()
    counts = synthetic.generate(projects=400, organisations=60, seed=7, log=quiet)
    assert (counts.projects, counts.organisations) == (400, 60)
    assert 400 <= counts.participations <= 2000
    assert Participation.objects.filter(project__slug__startswith="synthetic-").count() == counts.participations
    assert Membership.objects.count() == members
    synthetic.delete(log=quiet)
    assert (Project.objects.count(), Organisation.objects.count()) == (seed_projects, seed_orgs)


def test_same_seed_same_data():
    synthetic.generate(projects=200, organisations=30, seed=11, log=quiet)
    first = snapshot()
    synthetic.delete(log=quiet)
    synthetic.generate(projects=200, organisations=30, seed=11, log=quiet)
    assert snapshot() == first


def test_frequencies_are_skewed():
    synthetic.generate(projects=2000, organisations=200, seed=5, log=quiet)
    per_partner = Counter(
        Participation.objects.filter(project__slug__startswith="synthetic-").values_list("organisation", flat=True)
    )
    busiest, median = per_partner.most_common(1)[0][1], sorted(per_partner.values())[len(per_partner) // 2]
    assert busiest > 5 * median


def test_synthetic_projects_are_searchable():
    synthetic.generate(projects=100, organisations=20, seed=2, log=quiet)
    assert search(Project.objects.all(), "synthetic").queryset.count() == 100


def test_command_refuses_to_load_twice(capsys):
    call_command("generate_synthetic", projects=10, organisations=5, seed=1)
    with pytest.raises(CommandError, match="already loaded"):
        call_command("generate_synthetic", projects=10, organisations=5, seed=1)
