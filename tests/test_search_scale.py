"""A large index keeps answers small: facets list the commonest values, not every one."""

from django.core.management import call_command

from kb.search import MAX_FACET_VALUES, search


def test_facets_list_only_the_commonest_articles_when_a_word_matches_many(content):
    call_command("kb_synth", scenarios=400, seed=5, verbosity=0)
    call_command("kb_rebuild_index", verbosity=0)

    response = search("contact")

    articles = response.facets["articles"]
    assert len(articles) == MAX_FACET_VALUES
    counts = [f.count for f in articles]
    assert counts == sorted(counts, reverse=True)
    # The total still counts every match, beyond the articles listed.
    assert response.total > sum(counts)
