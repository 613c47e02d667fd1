"""``/api/states/<code>/``: one state's part in every accord, with ``as_of``."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accords.models import Membership, Role, Status, StatusPeriod

from .fields import country_name
from .filters import MembershipFilter


class StateCountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, e.g. US.")
    name = serializers.CharField()


class StateMembershipSerializer(serializers.Serializer):
    accord = serializers.CharField(help_text="The accord's slug.")
    role = serializers.ChoiceField(choices=Role.choices)
    status = serializers.ChoiceField(
        choices=Status.choices,
        allow_null=True,
        help_text="The status (with as_of: as it stood that day); null before any.",
    )
    status_since = serializers.DateField(
        allow_null=True, help_text="The date of the event that set the status."
    )
    url = serializers.URLField(help_text="The membership in the API, with its events.")


class StateSerializer(serializers.Serializer):
    country = StateCountrySerializer()
    memberships = StateMembershipSerializer(many=True)


def state_code(value: str) -> str:
    code = value.upper()
    if len(code) != 2 or not code.isalpha() or code not in dict(countries):
        raise Http404
    return code


class StateView(GenericAPIView):
    """One state's memberships in every accord, by accord name."""

    serializer_class = StateSerializer
    queryset = Membership.objects.none()
    pagination_class = None

    @extend_schema(
        summary="One state in every accord",
        description=(
            "The state's role, status and status date in each accord it is part of. With "
            "`as_of`, the statuses as they stood at the end of that day. The code may be "
            "written in either case; an unknown code, or one in no accord, is a 404."
        ),
        parameters=[
            OpenApiParameter(
                "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="ISO code, e.g. US."
            ),
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description="The day (YYYY-MM-DD, between 1000-01-01 and today).",
            ),
        ],
        responses={
            200: StateSerializer,
            400: OpenApiResponse(description="`as_of` is not a day from 1000-01-01 to today."),
            404: OpenApiResponse(description="No such state, or it is in no accord."),
        },
    )
    def get(self, request, code):
        code = state_code(code)
        day = timezone.localdate()
        value = request.query_params.get("as_of")
        if value:
            try:
                day = MembershipFilter.base_filters["as_of"].field.clean(value)
            except DjangoValidationError as error:
                raise ValidationError({"as_of": error.messages}) from None
        period = StatusPeriod.objects.filter(membership=OuterRef("pk"), first_day__lte=day).filter(
            Q(last_day__isnull=True) | Q(last_day__gte=day)
        )
        memberships = (
            Membership.objects.filter(country=code)
            .select_related("accord")
            .annotate(
                status_then=Subquery(period.values("status")[:1]),
                status_since_then=Subquery(period.values("event__date")[:1]),
            )
            .order_by("accord__name")
        )
        items = [
            {
                "accord": m.accord.slug,
                "role": m.role,
                "status": m.status_then,
                "status_since": m.status_since_then,
                "url": reverse("membership-detail", kwargs={"pk": m.pk}, request=request),
            }
            for m in memberships
        ]
        if not items:
            raise Http404(_("This state is part of no accord recorded here."))
        data = {"country": {"code": code, "name": country_name(code)}, "memberships": items}
        return Response(StateSerializer(data).data)
