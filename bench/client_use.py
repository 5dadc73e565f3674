"""A generated client, used as a colleague's script would (bench/generated_client.py runs
it in the client's virtualenv, beside the generated `portal_client` package)."""

import sys

from portal_client import AuthenticatedClient
from portal_client.api.organisations import organisations_retrieve
from portal_client.api.projects import projects_list, projects_retrieve
from portal_client.models import ProjectsListCountryItem, ProjectsListSortItem

base, token = sys.argv[1], sys.argv[2]
client = AuthenticatedClient(base_url=base, token=token, prefix="Token", raise_on_unexpected_status=True)
with client as c:
    # 1. by country and theme
    found = projects_list.sync(client=c, country=[ProjectsListCountryItem.MM], theme=["emergency-response"])
    assert found.count >= 1, found
    assert all("MM" in p.countries and "emergency-response" in p.themes for p in found.results)
    print("by country and theme:", found.count)
    # 2. page through with a page size
    seen, page = [], 1
    while page <= 4:  # the first pages: at a million projects there are thousands
        batch = projects_list.sync(client=c, theme=["health"], page=page, page_size=5)
        seen += [p.slug for p in batch.results]
        if not batch.next_:
            break
        page += 1
    assert len(seen) == len(set(seen)) == min(batch.count, 20), (len(seen), batch.count)
    print("paged:", len(seen), "in", page, "pages")
    # 3. a partner and its projects
    partner = organisations_retrieve.sync(client=c, slug="chevron")
    assert partner.projects_url and partner.url.endswith("/api/organisations/chevron/")
    theirs = projects_list.sync(client=c, organisation=["chevron"])
    assert theirs.count >= 1 and all(
        any(part.organisation.slug == "chevron" for part in p.participations) for p in theirs.results
    )
    print("partner:", partner.name, partner.iati_identifier, "projects:", theirs.count)
    one = projects_retrieve.sync(client=c, slug=theirs.results[0].slug)
    assert one.slug == theirs.results[0].slug
    # 4. sort by two keys
    ordered = projects_list.sync(
        client=c,
        organisation=["chevron", "ubs", "iom"],
        sort=[ProjectsListSortItem.STATUS, ProjectsListSortItem("-title")],
        page_size=100,
    )
    # the same question with the keys comma-separated, as the README documents it
    query = {"organisation": ["chevron", "ubs", "iom"], "sort": "status,-title", "page_size": 100}
    documented = c.get_httpx_client().get("/api/projects/", params=query).json()
    assert [p.slug for p in ordered.results] == [row["slug"] for row in documented["results"]]
    statuses = [str(p.status) for p in ordered.results]
    assert statuses == sorted(statuses), statuses
    print("sorted by two keys:", len(ordered.results), "projects")
    print("OK")
