from django import template

from ..models import Follow

register = template.Library()


@register.inclusion_tag("following/includes/follow_button.html", takes_context=True)
def follow_button(context, kind: str, record_id: int | None = None, search=None, following: bool | None = None):
    """Follow, or stop following, a record or a saved search: one indexed lookup, unless
    the page knows (`following`)."""
    request = context["request"]
    if following is None:
        follows = Follow.objects.filter(user=request.user, kind=kind, record_id=record_id, search=search)
        following = request.user.is_authenticated and follows.exists()
    return {
        "kind": kind,
        "id": getattr(search, "pk", record_id),
        "following": following,
        "next": request.get_full_path(),
    }
