"""``?ordering=`` on the API's lists, by public names rather than database columns."""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class NamedOrderingFilter(OrderingFilter):
    """``?ordering=`` with public names (``date``, ``-date``, ``country,date``...) mapped to
    database expressions by the view's ``ordering_map``; an unknown name is a 400. Without
    it, the view's ``default_ordering`` (public names), or its ``default_order_by`` (terms
    that no public name stands for). Items equal on every term asked for come in id order."""

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        if not value:
            if hasattr(view, "default_order_by"):
                return with_tie_breaker(view.default_order_by)
            return with_tie_breaker([view.ordering_map[name] for name in view.default_ordering])
        return with_tie_breaker(self.ordering_terms(value, view))

    @classmethod
    def ordering_terms(cls, value, view):
        terms = []
        for term in value.split(","):
            name = term.strip().removeprefix("-")
            if name not in view.ordering_map:
                raise ValidationError(
                    {
                        cls.ordering_param: [
                            _("Unknown ordering %(term)r; use one or more of %(names)s.")
                            % {"term": term[:40], "names": ", ".join(view.ordering_map)}
                        ]
                    }
                )
            expression = view.ordering_map[name]
            terms.append(f"-{expression}" if term.strip().startswith("-") else expression)
        return terms

    def get_schema_operation_parameters(self, view):
        names = "|".join(re.escape(name) for name in view.ordering_map)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Comma-separated fields to order by, a leading - for descending: "
                    f"{', '.join(view.ordering_map)}. Default: {', '.join(view.default_ordering)}."
                ),
                "schema": {"type": "string", "pattern": f"^-?({names})(,-?({names}))*$"},
            }
        ]


def with_tie_breaker(terms) -> list:
    """``terms``, then the id unless they order by it already: items equal on the terms asked
    for (``?ordering=kind``) come in one order, the same on SQLite and PostgreSQL and from one
    request to the next, so that no item is on two pages or on none."""
    terms = list(terms)
    named = {term.removeprefix("-") for term in terms if isinstance(term, str)}
    return terms if named & {"id", "pk"} else [*terms, "pk"]
