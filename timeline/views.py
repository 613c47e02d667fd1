"""Reader-facing pages. Thin: read the request, ask the domain for data, render."""

from django.shortcuts import get_object_or_404, render

from accords.models import Accord, Membership

DEFAULT_ACCORD_SLUG = "abraham-accords"


def _render_accord(request, accord):
    memberships = accord.memberships.with_current_status().in_joining_order()
    return render(
        request,
        "timeline/accord.html",
        {
            "accord": accord,
            "memberships": memberships,
            "other_accords": Accord.objects.exclude(pk=accord.pk),
        },
    )


def home(request):
    """The Abraham Accords' page when they exist, else the first accord, else an empty page."""
    accord = (
        Accord.objects.filter(slug=DEFAULT_ACCORD_SLUG).first()
        or Accord.objects.order_by("name").first()
    )
    if accord is None:
        return render(request, "timeline/empty.html")
    return _render_accord(request, accord)


def accord_detail(request, slug):
    return _render_accord(request, get_object_or_404(Accord, slug=slug))


def membership_detail(request, slug, country):
    membership = get_object_or_404(
        Membership.objects.with_events().select_related("status_event"),
        accord__slug=slug,
        country=country.upper(),
    )
    return render(request, "timeline/membership.html", {"membership": membership})
