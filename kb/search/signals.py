"""Keep the index in step with content saved through the admin or the ORM.

Each save or delete writes IndexChange rows in the same transaction as the change (so a rolled
back save leaves nothing behind, and a committed one is never forgotten), then, once the
transaction commits, this process replays the feed into its index. Another process, a worker
killed before it got there, or another app server applies the same rows on its next feed check.
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from kb.models import Article, IndexChange, Issue, Scenario, SolutionStep, Synonym, System

from . import index, labels, synonyms

log = logging.getLogger("kb.search")


def record(scenario_ids) -> None:
    ids = sorted({int(i) for i in scenario_ids if i is not None})
    if not ids:
        return
    IndexChange.objects.bulk_create([IndexChange(scenario_id=i) for i in ids])
    _apply_after_commit()


def _apply_after_commit() -> None:
    connection = transaction.get_connection()
    # One replay per transaction (and savepoint) however many rows it touched: an article save
    # can touch hundreds of steps.
    savepoints = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(
        entry[0] == savepoints and getattr(entry[1], "_kb_index_apply", False)
        for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(apply_pending)


def apply_pending() -> None:
    try:
        index.catch_up(wait=index.write_timeout())
    except Exception:  # the change is safe in the feed; the next search or start replays it
        log.exception("could not update the search index after a commit; the feed keeps it")


apply_pending._kb_index_apply = True


# --- what each model's change touches ---------------------------------------------------------


def _scenario_ids_of_articles(article_ids):
    return Scenario.objects.filter(issue__article_id__in=list(article_ids)).values_list(
        "id", flat=True
    )


def _scenario_saved(sender, instance, raw=False, **kwargs):
    record([instance.pk])


def _step_saved(sender, instance, raw=False, **kwargs):
    record([instance.scenario_id])


def _issue_saved(sender, instance, raw=False, **kwargs):
    record(instance.scenarios.values_list("id", flat=True))


# Recorded for a change no search document shows (an article without scenarios): the feed is
# also the public pages' content version (kb/content/page_cache.py), which must move. Applying
# it removes document 0, which no scenario has.
NO_DOCUMENT = 0


def _article_saved(sender, instance, raw=False, **kwargs):
    record(list(_scenario_ids_of_articles([instance.pk])) or [NO_DOCUMENT])


def _system_saved(sender, instance, raw=False, **kwargs):
    ids = set(instance.scenarios.values_list("id", flat=True))
    ids |= set(_scenario_ids_of_articles(instance.articles.values_list("id", flat=True)))
    # Scenarios of those articles that name their own systems do not change, but replaying
    # them is harmless and keeps this simple.
    record(ids or Scenario.objects.none())


def _scenario_systems_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        record([instance.pk])
    elif pk_set:
        record(pk_set)
    elif action == "post_clear":
        record(instance.scenarios.values_list("id", flat=True))


def _article_systems_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        record(_scenario_ids_of_articles([instance.pk]))
    else:
        article_ids = pk_set or instance.articles.values_list("id", flat=True)
        record(_scenario_ids_of_articles(article_ids))


def connect() -> None:
    uid = "kb.search"
    post_save.connect(_scenario_saved, sender=Scenario, dispatch_uid=f"{uid}.scenario.save")
    post_delete.connect(_scenario_saved, sender=Scenario, dispatch_uid=f"{uid}.scenario.del")
    post_save.connect(_step_saved, sender=SolutionStep, dispatch_uid=f"{uid}.step.save")
    post_delete.connect(_step_saved, sender=SolutionStep, dispatch_uid=f"{uid}.step.del")
    post_save.connect(_issue_saved, sender=Issue, dispatch_uid=f"{uid}.issue.save")
    post_save.connect(_article_saved, sender=Article, dispatch_uid=f"{uid}.article.save")
    post_delete.connect(_article_saved, sender=Article, dispatch_uid=f"{uid}.article.del")
    post_save.connect(_system_saved, sender=System, dispatch_uid=f"{uid}.system.save")
    m2m_changed.connect(
        _scenario_systems_changed,
        sender=Scenario.systems.through,
        dispatch_uid=f"{uid}.scenario.systems",
    )
    m2m_changed.connect(
        _article_systems_changed,
        sender=Article.systems.through,
        dispatch_uid=f"{uid}.article.systems",
    )
    # Deleting an issue or article deletes its scenarios, which send their own post_delete.

    def _labels_changed(**kwargs):
        labels.invalidate()

    def _synonyms_changed(**kwargs):
        transaction.on_commit(synonyms.invalidate)

    for model in (Article, System):
        for signal in (post_save, post_delete):
            signal.connect(
                _labels_changed, sender=model, weak=False, dispatch_uid=f"{uid}.l{model}.{signal}"
            )
    m2m_changed.connect(
        _labels_changed,
        sender=Article.systems.through,
        weak=False,
        dispatch_uid=f"{uid}.labels.article.systems",
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _synonyms_changed, sender=Synonym, weak=False, dispatch_uid=f"{uid}.syn.{signal}"
        )
