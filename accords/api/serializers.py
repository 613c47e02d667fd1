"""What the API reads and writes. Every write passes the model's own ``full_clean()``, so the
API refuses exactly what the admin refuses, with the same messages, keyed by field."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

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
from accords.translation import (
    CONTENT_LANGUAGES,
    TRANSLATED_FIELDS,
    choose,
    columns,
    english_columns,
)

from .fields import (
    CountryField,
    StrictBooleanField,
    StrictCharField,
    StrictSlugField,
    StrictSlugRelatedField,
    StrictURLField,
)


def api_errors(error: DjangoValidationError, rename=None) -> dict:
    """A Django ``ValidationError`` as the API's 400 body, keyed by the API's field names
    (``rename`` maps model names to them)."""
    rename = rename or {}
    detail = {}
    for name, messages in (
        error.message_dict.items()
        if hasattr(error, "error_dict")
        else [(NON_FIELD_ERRORS, error.messages)]
    ):
        if name == NON_FIELD_ERRORS:
            key = api_settings.NON_FIELD_ERRORS_KEY
        else:
            key = rename.get(name, name)
        detail.setdefault(key, []).extend(messages)
    return detail


def full_clean(instance, exclude=None, rename=None):
    """Run the model's validation (fields, ``clean()``, unique and check constraints) and turn
    its errors into a 400 keyed by the API's field names."""
    try:
        instance.full_clean(exclude=exclude)
    except DjangoValidationError as error:
        raise serializers.ValidationError(api_errors(error, rename)) from error


def save_or_400(instance):
    """Save; a database constraint that a concurrent write broke after validation becomes a
    400 rather than a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise serializers.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("This conflicts with data saved meanwhile.")]}
        ) from error


class ModelSerializer(serializers.ModelSerializer):
    """A model serializer whose text fields take strings only."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.URLField: StrictURLField,
        models.BooleanField: StrictBooleanField,
    }


def text_languages_field(model):
    """A read-only ``languages`` field: the language each translated text of ``model`` is in
    (the requested one, or ``en`` where it fell back to English)."""
    names = TRANSLATED_FIELDS[model]

    @extend_schema_field(
        {
            "type": "object",
            "description": (
                "The language each text is in: the requested one (`?lang=` or "
                "`Accept-Language`), or en where it has no translation and English is given."
            ),
            "properties": {
                name: {"type": "string", "enum": list(CONTENT_LANGUAGES)} for name in names
            },
            "required": list(names),
            "readOnly": True,
        }
    )
    class TextLanguagesField(serializers.Field):
        def __init__(self, **kwargs):
            super().__init__(source="*", read_only=True, **kwargs)

        def to_representation(self, value):
            return text_languages(value, model)

    return TextLanguagesField()


def text_languages(values, model) -> dict:
    """``{field: language}`` for each translated field of ``model`` in ``values`` (an instance
    or a row with the columns of :func:`text_columns`), for the active language."""
    return {name: choose(values, name).lang for name in TRANSLATED_FIELDS[model]}


def texts_in_language(values, model) -> dict:
    """Each translated field of ``model`` in the active language (English where missing), and
    ``languages``: the one place the API chooses a text's column."""
    found = {name: choose(values, name) for name in TRANSLATED_FIELDS[model]}
    return {
        **{name: str(text) for name, text in found.items()},
        "languages": {name: text.lang for name, text in found.items()},
    }


def text_columns(model) -> list[str]:
    """The columns a row needs for :func:`texts_in_language` in the active language."""
    return [name for field in TRANSLATED_FIELDS[model] for name in columns(field)]


class AccordSerializer(ModelSerializer):
    languages = text_languages_field(Accord)

    class Meta:
        model = Accord
        fields = ["slug", "name", "description", "text_url", "depositary", "languages"]

    def validate(self, attrs):
        accord = copy.copy(self.instance) if self.instance else Accord()
        for name, value in english_columns(Accord, attrs).items():
            setattr(accord, name, value)
        full_clean(accord)
        return attrs

    # Writes set the English text (``name`` is ``name_en``), whatever the request's language.
    def create(self, validated_data):
        return super().create(english_columns(Accord, validated_data))

    def update(self, instance, validated_data):
        return super().update(instance, english_columns(Accord, validated_data))


class SourceSerializer(ModelSerializer):
    class Meta:
        model = Source
        fields = list(Source.CITATION_FIELDS)

    def validate(self, attrs):
        full_clean(Source(**attrs), exclude=["event"])
        return attrs


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
        fields = [
            "id",
            "accord",
            "country",
            "kind",
            "date",
            "date_precision",
            "title",
            "place",
            "notes",
            "languages",
            "sources",
        ]
        # Uniqueness and the other invariants are checked by the model's full_clean().
        validators = []

    def validate(self, attrs):
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
    try:
        return services.save_event(event=event, sources=sources)
    except DjangoValidationError as error:
        raise serializers.ValidationError(
            api_errors(error, rename={"membership": "country"})
        ) from error


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

    def validate(self, attrs):
        membership = copy.copy(self.instance) if self.instance else Membership()
        for name, value in english_columns(Membership, attrs).items():
            setattr(membership, name, value)
        full_clean(membership)
        return attrs

    def create(self, validated_data):
        membership = Membership(**english_columns(Membership, validated_data))
        save_or_400(membership)
        return membership

    def update(self, instance, validated_data):
        for name, value in english_columns(Membership, validated_data).items():
            setattr(instance, name, value)
        save_or_400(instance)
        return instance


def _iso(value):
    return value.isoformat() if value else None
