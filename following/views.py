from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.querystrings import whole_number

from . import notifications, presenting, searches
from .forms import DeliveryForm, FollowForm, RenameForm, SavedSearchForm
from .models import Delivery, Follow, Notification, Opened, SavedSearch, Subscriber


@require_safe
def saved_searches(request):
    """The user's saved searches and the shared ones, each with what it matches now and
    what is new to the user since they last opened it."""
    visible = SavedSearch.objects.visible_to(request.user).select_related("owner")
    opened = {row.search_id: row for row in Opened.objects.filter(user=request.user, search__in=visible)}
    followed = set(Follow.objects.filter(user=request.user, kind=Follow.Kind.SEARCH).values_list("search", flat=True))
    rows = []
    for search in visible:
        row = searches.matches(search, opened.get(search.pk))
        row.followed = search.pk in followed
        rows.append((row, _rename_form(request, search)))
    return render(request, "following/saved_searches.html", {"rows": rows})


def _rename_form(request, search: SavedSearch) -> RenameForm | None:
    """For the owner: a form to rename (and, for editors, share) the search."""
    if search.owner_id != request.user.pk:
        return None
    return RenameForm(instance=search, owner=request.user, auto_id=f"id_%s_{search.pk}")


@require_POST
def save(request):
    """Save the list's filters under a name (from the list page's form)."""
    data = request.POST.copy()
    if "list_view" in data:  # from a list page: which list, by its page's name
        data["list"] = searches.URL_LISTS.get(data["list_view"], "")
    form = SavedSearchForm(data, owner=request.user)
    search = _saved(form)
    if search is None:
        return render(request, "following/save.html", {"form": form}, status=400)
    messages.success(request, _("Saved as “%(name)s”.") % {"name": search.name})
    return redirect(searches.saved_search_open(search=search, user=request.user))


@require_POST
def open_search(request):
    search = get_object_or_404(SavedSearch.objects.visible_to(request.user), pk=_id(request))
    return redirect(searches.saved_search_open(search=search, user=request.user))


@require_POST
def rename(request):
    search = get_object_or_404(SavedSearch, owner=request.user, pk=_id(request))
    form = RenameForm(request.POST, instance=search, owner=request.user)
    if _saved(form) is None:
        return render(request, "following/save.html", {"form": form, "search": search}, status=400)
    messages.success(request, _("Saved."))
    return redirect("following:saved_searches")


@require_POST
def delete(request):
    search = get_object_or_404(SavedSearch, owner=request.user, pk=_id(request))
    search.delete()
    messages.success(request, _("Deleted “%(name)s”.") % {"name": search.name})
    return redirect("following:saved_searches")


def _saved(form: SavedSearchForm) -> SavedSearch | None:
    """The form's search saved, or None with the form's errors said (the same name saved
    at the same moment in another tab is caught by the database's constraint)."""
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.add_error("name", _("You already have a saved search with this name."))
        return None


def _id(request) -> int | None:
    """The saved search's id posted, or None (which finds nothing)."""
    return whole_number(request.POST.get("id", ""))


# Following and notifications


@require_POST
def follow(request):
    """Follow, or stop following (`stop`), a partner, a project, the GMG or a visible
    saved search; back to the page it was asked from."""
    form = FollowForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "following/follow_refused.html", {"form": form}, status=400)
    target = form.target()
    if form.cleaned_data["stop"]:
        notifications.unfollow(user=request.user, **target)
        messages.success(request, _("You no longer follow “%(name)s”.") % {"name": form.title})
    else:
        notifications.follow(user=request.user, language=request.LANGUAGE_CODE, **target)
        messages.success(request, _("You follow “%(name)s”.") % {"name": form.title})
    return redirect(form.cleaned_data["next"] or "following:following")


@require_safe
def following(request):
    """What the user follows, and how they hear of it: overall and per follow."""
    follows = list(Follow.objects.filter(user=request.user).select_related("search"))
    pages = notifications.pages_of(follows)
    for followed in follows:
        followed.url = pages[followed.pk]
    subscriber = Subscriber.objects.filter(user=request.user).first()
    return render(
        request,
        "following/following.html",
        {"follows": follows, "subscriber": subscriber, "deliveries": Delivery.choices},
    )


@require_POST
def delivery(request):
    """How the user hears of their notifications: overall (no `id`) or for one follow
    ("" for the overall choice)."""
    form = DeliveryForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "following/follow_refused.html", {"form": form}, status=400)
    form.save()
    messages.success(request, _("Saved."))
    return redirect("following:following")


@require_safe
def notifications_page(request):
    """The user's notifications, newest first, after telling them of what changed since."""
    notifications.catch_up(request.user)
    mine = Notification.objects.filter(user=request.user).select_related("by")
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    return render(
        request, "following/notifications.html", {"page": page, "items": presenting.present(page, request.user)}
    )


@require_POST
def mark_read(request):
    """Mark one notification (`id`) or all of the user's read."""
    mine = Notification.objects.filter(user=request.user, read__isnull=True)
    if request.POST.get("id"):
        mine = mine.filter(pk=_id(request))
    mine.update(read=timezone.now())
    return redirect("following:notifications")
