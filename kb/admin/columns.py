"""List columns computed in the list query (one subquery each, never a query per row)."""

from django.contrib import admin
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from kb.models import Vote


def count_of(queryset: QuerySet, outer_field: str):
    """COUNT(*) of `queryset` rows whose `outer_field` is the listed row's pk."""
    counted = (
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_helpful(queryset: QuerySet, vote_field: str) -> QuerySet:
    """Annotate votes_total, votes_helpful and helpful_share (None without votes)."""
    return queryset.annotate(
        votes_total=count_of(Vote.objects.all(), vote_field),
        votes_helpful=count_of(Vote.objects.filter(helpful=True), vote_field),
    ).annotate(
        helpful_share=Case(
            When(votes_total=0, then=Value(None)),
            default=Cast(F("votes_helpful"), FloatField()) / Cast(F("votes_total"), FloatField()),
            output_field=FloatField(),
        )
    )


def last_editor(model) -> Subquery:
    """Who saved the row last, from its history."""
    latest = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return Subquery(latest.values("history_user__username")[:1])


class HelpfulColumnMixin:
    @admin.display(description="Helpful", ordering="helpful_share")
    def helpful(self, obj):
        if not obj.votes_total:
            return "no votes"
        return f"{round(100 * obj.votes_helpful / obj.votes_total)}% of {obj.votes_total}"

    @admin.display(description="Last edited", ordering="updated_at")
    def last_edited(self, obj):
        when = obj.updated_at.strftime("%Y-%m-%d %H:%M")
        return f"{when} by {obj.edited_by}" if obj.edited_by else when
