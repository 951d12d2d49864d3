"""kb_synth: benchmark noise that is realistic, repeatable, marked, and removable."""

import pytest
from django.core.management import CommandError, call_command

from kb.models import Article, Issue, Scenario, SolutionStep, StepKind, System, Vote
from tests.conftest import ALL_SLUGS


def synthetic_content():
    """What a reader would see of the synthetic scenarios, free of ids and timestamps."""
    return [
        (
            s.slug,
            s.title,
            s.symptom,
            s.issue.article.title,
            sorted(x.slug for x in s.effective_systems()),
            [
                (st.kind, st.text, st.menu_paths, [c.text for c in st.children])
                for st in s.step_tree()
            ],
        )
        for s in Scenario.objects.filter(is_synthetic=True).with_content().order_by("slug")
    ]


@pytest.mark.django_db
def test_adds_exactly_the_requested_number_of_published_marked_scenarios(content):
    call_command("kb_synth", scenarios=137, seed=3, verbosity=0)

    synthetic = Scenario.objects.filter(is_synthetic=True)
    assert synthetic.count() == 137
    assert synthetic.published().count() == 137
    # Every synthetic scenario lives in a synthetic article, and vice versa.
    assert not synthetic.filter(issue__article__is_synthetic=False).exists()
    assert not Scenario.objects.filter(
        issue__article__is_synthetic=True, is_synthetic=False
    ).exists()
    assert sorted(Scenario.objects.filter(is_synthetic=False).values_list("slug", flat=True)) == (
        sorted(ALL_SLUGS)
    )


@pytest.mark.django_db
def test_scenarios_have_3_to_12_steps_with_menu_paths_notes_and_varied_systems(content):
    call_command("kb_synth", scenarios=200, seed=1, verbosity=0)

    scenarios = list(Scenario.objects.filter(is_synthetic=True).prefetch_related("steps"))
    step_counts = [len(s.steps.all()) for s in scenarios]
    assert min(step_counts) >= 3 and max(step_counts) <= 12
    steps = SolutionStep.objects.filter(scenario__is_synthetic=True)
    assert steps.exclude(menu_paths=[]).exists()
    assert steps.filter(kind__in=[StepKind.NOTE, StepKind.WARNING]).exists()
    assert steps.filter(parent__isnull=False, kind=StepKind.STEP).exists()  # numbered sub-steps
    systems = System.objects.filter(articles__is_synthetic=True).distinct()
    assert systems.count() >= 6
    assert not systems.filter(articles__is_synthetic=False).exists()  # other products only
    assert len({s.title for s in scenarios}) > 150  # not one symptom repeated


@pytest.mark.django_db
def test_same_seed_gives_the_same_content_and_another_seed_differs(content):
    call_command("kb_synth", scenarios=60, seed=7, verbosity=0)
    first = synthetic_content()
    call_command("kb_synth", remove=True, verbosity=0)
    call_command("kb_synth", scenarios=60, seed=7, verbosity=0)
    assert synthetic_content() == first

    call_command("kb_synth", remove=True, verbosity=0)
    call_command("kb_synth", scenarios=60, seed=8, verbosity=0)
    assert [row[1:] for row in synthetic_content()] != [row[1:] for row in first]


@pytest.mark.django_db
def test_a_second_run_with_the_same_seed_adds_more_instead_of_colliding(content):
    call_command("kb_synth", scenarios=40, seed=2, verbosity=0)
    call_command("kb_synth", scenarios=25, seed=2, verbosity=0)

    assert Scenario.objects.filter(is_synthetic=True).count() == 65


@pytest.mark.django_db
def test_remove_deletes_all_synthetic_content_and_leaves_the_seeds(content):
    seed_counts = (Article.objects.count(), Issue.objects.count(), SolutionStep.objects.count())
    seed_systems = set(System.objects.values_list("slug", flat=True))
    call_command("kb_synth", scenarios=120, seed=4, verbosity=0)
    # Feedback on a synthetic scenario must not block its removal.
    synthetic = Scenario.objects.filter(is_synthetic=True).select_related("issue").first()
    Vote.objects.create(
        article=synthetic.issue.article, scenario=synthetic, visitor="v1", helpful=True
    )

    call_command("kb_synth", remove=True, verbosity=0)

    assert not Scenario.objects.filter(is_synthetic=True).exists()
    assert not Article.objects.filter(is_synthetic=True).exists()
    assert (Article.objects.count(), Issue.objects.count(), SolutionStep.objects.count()) == (
        seed_counts
    )
    assert sorted(Scenario.objects.values_list("slug", flat=True)) == sorted(ALL_SLUGS)
    assert set(System.objects.values_list("slug", flat=True)) == seed_systems
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_asking_for_nothing_is_a_clear_error():
    with pytest.raises(CommandError, match="--scenarios"):
        call_command("kb_synth", verbosity=0)
    with pytest.raises(CommandError, match="zero or more"):
        call_command("kb_synth", scenarios=-5, verbosity=0)
