"""What the API reads and writes. Every write passes the model's own ``full_clean()``, so the
API refuses exactly what the admin refuses, with the same messages, keyed by field."""

import copy

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accords import services
from accords.models import (
    Accord,
    Event,
    InterestSource,
    Membership,
    ReportedInterest,
    Source,
    Status,
    sort_events,
)
from accords.translation import TRANSLATED_FIELDS, english_columns

from .fields import (
    CountryField,
    StrictBooleanField,
    StrictCharField,
    StrictSlugField,
    StrictSlugRelatedField,
    StrictURLField,
)
from .texts import text_languages_field, texts_in_language
from .validation import conflicts_as_400, full_clean, refusals_as_400


class ModelSerializer(serializers.ModelSerializer):
    """A model serializer whose text fields take strings only."""

    # That docstring is in the schema (drf-spectacular describes by it each serializer without
    # one of its own), so the rest is said here: a write is checked by the model's own
    # full_clean() (validate) and sets the English text of a translated field (``name`` is
    # ``name_en``), whatever the request's language (create, update).

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.URLField: StrictURLField,
        models.BooleanField: StrictBooleanField,
    }

    #: Model fields the written data does not give, left out of ``full_clean()``.
    clean_exclude = None

    def validate(self, attrs):
        """The model's validation of the instance as this write would leave it: the one
        check of every write but an event's (the write path checks those)."""
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance else model()
        for name, value in english_columns(model, attrs).items():
            setattr(instance, name, value)
        full_clean(instance, exclude=self.clean_exclude)
        return attrs

    # A row that a concurrent write made after validation (two editors adding the same accord
    # or state at once): the second is told, not shown a 500.
    def create(self, validated_data):
        with conflicts_as_400():
            return super().create(english_columns(self.Meta.model, validated_data))

    def update(self, instance, validated_data):
        with conflicts_as_400():
            return super().update(instance, english_columns(self.Meta.model, validated_data))


class AccordSerializer(ModelSerializer):
    languages = text_languages_field(Accord)

    class Meta:
        model = Accord
        fields = ["slug", "name", "description", "text_url", "depositary", "languages"]


class SourceSerializer(ModelSerializer):
    # Written inside its event, which the write path saves first.
    clean_exclude = ["event"]

    class Meta:
        model = Source
        fields = list(Source.CITATION_FIELDS)


class MembershipEventSerializer(ModelSerializer):
    """An event inside a membership (its accord and state are the membership's). It documents
    the shape; lists build it with :func:`membership_event_item`, which gives the same."""

    sources = SourceSerializer(many=True, read_only=True)
    languages = text_languages_field(Event)

    class Meta:
        model = Event
        fields = ["id", "kind", "date", "date_precision", "title", "place", "languages", "sources"]
        read_only_fields = fields


def membership_event_item(event) -> dict:
    """``MembershipEventSerializer``'s representation of an event (with prefetched sources),
    built directly: a serializer per membership rebuilt its fields each time, which was most of
    the time of a list of memberships."""
    texts = texts_in_language(event, Event)
    return {
        "id": event.id,
        "kind": event.kind,
        "date": event.date.isoformat(),
        "date_precision": event.date_precision,
        "title": texts["title"],
        "place": texts["place"],
        "languages": texts["languages"],
        "sources": [
            {
                name: _iso(value) if name == "published_on" else value
                for name in Source.CITATION_FIELDS
                for value in [getattr(source, name)]
            }
            for source in event.sources.all()
        ],
    }


class EventSerializer(ModelSerializer):
    """An event with its sources. Written with the membership's accord (slug) and state (code),
    and at least one source; a write replaces the event's sources when it gives ``sources``."""

    accord = StrictSlugRelatedField(
        source="membership.accord",
        slug_field="slug",
        queryset=Accord.objects.all(),
        help_text="The accord's slug, e.g. abraham-accords.",
    )
    country = CountryField(source="membership.country", help_text="The state.")
    # "At least one" is the write path's rule (services.save_event): its error is the API's.
    sources = SourceSerializer(many=True, help_text="Where the fact was reported; at least one.")
    languages = text_languages_field(Event)

    class Meta:
        model = Event
        # Which event, whose (the membership's accord and state), what and when; its texts.
        fields = ["id", "accord", "country", "kind", "date", "date_precision"]
        fields += [*TRANSLATED_FIELDS[Event], "languages", "sources"]
        # Uniqueness and the other invariants are checked by the model's full_clean().
        validators = []

    def validate(self, attrs):
        """The membership the event belongs to, from its accord and state. The event itself is
        checked by the write path (:meth:`create`, :meth:`update`), not here."""
        chosen = attrs.pop("membership", {})
        current = self.instance.membership if self.instance else None
        accord = chosen.get("accord", current.accord if current else None)
        country = chosen.get("country", current.country.code if current else None)
        if current and accord == current.accord and country == current.country.code:
            membership = current
        else:
            membership = Membership.objects.filter(accord=accord, country=country).first()
        if membership is None:
            raise serializers.ValidationError(
                {
                    "country": [
                        _("%(country)s has no membership in %(accord)s; add the membership first.")
                        % {"country": country, "accord": accord.slug}
                    ]
                }
            )
        attrs["membership"] = membership
        return attrs

    # Writes go through the one write path, which locks the membership, validates the event
    # and the whole history as it would be after the change, and saves, in one transaction.
    def create(self, validated_data):
        sources = [Source(**source) for source in validated_data.pop("sources")]
        return _through_write_path(Event(**english_columns(Event, validated_data)), sources)

    def update(self, instance, validated_data):
        sources = validated_data.pop("sources", None)
        for name, value in english_columns(Event, validated_data).items():
            setattr(instance, name, value)
        if sources is not None:
            sources = [Source(**source) for source in sources]
        return _through_write_path(instance, sources)


def _through_write_path(event, sources):
    with refusals_as_400(rename={"membership": "country"}):
        return services.save_event(event=event, sources=sources)


class InterestSourceSerializer(ModelSerializer):
    class Meta:
        model = InterestSource
        fields = ["url", "title", "publisher", "published_on"]


class ReportedInterestSerializer(ModelSerializer):
    """A state (or an entity without an ISO code) reported as interested in an accord: never a
    member, never counted in the statuses."""

    accord = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryField(allow_null=True, help_text="The state, or null for an entity.")
    name = serializers.CharField(read_only=True, help_text="The state's or entity's name.")
    sources = InterestSourceSerializer(many=True, read_only=True)
    languages = text_languages_field(ReportedInterest)

    class Meta:
        model = ReportedInterest
        fields = [
            "id",
            "accord",
            "country",
            "entity",
            "name",
            "date",
            "date_precision",
            "note",
            "languages",
            "sources",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.country:
            data["country"] = None
        return data


class MembershipSerializer(ModelSerializer):
    """A state's part in an accord, its status and its events. With ``as_of`` in the
    serializer's context, the status and events are those as they stood on that day."""

    accord = StrictSlugRelatedField(
        slug_field="slug",
        queryset=Accord.objects.all(),
        help_text="The accord's slug, e.g. abraham-accords.",
    )
    country = CountryField(help_text="The state.")
    status = serializers.SerializerMethodField()
    status_since = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    languages = text_languages_field(Membership)

    class Meta:
        model = Membership
        fields = [
            "id",
            "accord",
            "country",
            "role",
            "notes",
            "languages",
            "status",
            "status_since",
            "events",
        ]
        # The one-membership-per-state rule is checked by the model's full_clean().
        validators = []

    def _as_of(self):
        return self.context.get("as_of")

    @extend_schema_field(
        serializers.ChoiceField(
            choices=Status.choices,
            allow_null=True,
            help_text="Derived from the events; null before the first announcement or signing.",
        )
    )
    def get_status(self, membership):
        if self._as_of():
            return membership.status_then
        return membership.status or None

    @extend_schema_field(
        serializers.DateField(
            allow_null=True, help_text="The date of the event that set the status."
        )
    )
    def get_status_since(self, membership):
        if self._as_of():
            return _iso(membership.status_since_then)
        return _iso(membership.status_since)

    @extend_schema_field(MembershipEventSerializer(many=True))
    def get_events(self, membership):
        events = getattr(membership, "known_events", None)
        if events is None:
            events = membership.events.prefetch_related("sources")
        return [membership_event_item(event) for event in sort_events(events)]


def _iso(value):
    return value.isoformat() if value else None
