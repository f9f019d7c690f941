"""Hashed word counts: made once per article, weighed by the linker."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsdesk.annotate.terms import count_matrix, count_terms, names_of
from newsdesk.link import link


def test_words_are_counted_and_names_are_words_of_their_own() -> None:
    (terms,) = count_terms(["Rescuers from Korvel Bay searched. Rescuers searched the bay."])
    counts = dict(zip(terms.ids, terms.counts, strict=True))
    # rescuers, searched, korvel, bay and the name korvel_bay; "from" and "the" are stop words
    assert sorted(counts.values()) == [1, 1, 2, 2, 2]
    assert terms.names == ["name_korvel_bay"]
    assert terms.ids == sorted(terms.ids)


def test_no_texts_no_counts() -> None:
    assert count_terms([]) == []
    assert count_matrix([]).shape[0] == 0


def test_the_matrix_holds_each_text_in_its_row() -> None:
    texts = ["Floods in Tarven.", "", "Floods and floods."]
    matrix = count_matrix(count_terms(texts))
    assert matrix.shape[0] == 3
    assert matrix[1].nnz == 0
    assert matrix[2].sum() == 2  # "floods" twice; "and" is a stop word
    assert names_of("Talks in Tarven.") == []


def test_linking_with_stored_counts_is_linking_with_fresh_ones(corpus_analysis: Any) -> None:
    def events(linked: Any) -> list[list[tuple[str, tuple[int, ...], list[tuple[int, float]]]]]:
        # the frames of each event, with the TF-IDF vectors they were compared by
        return sorted(
            sorted((f.article, tuple(f.mentions), sorted(f.vector.items())) for f in c.frames)
            for c in linked.clusters
        )

    stored = corpus_analysis.annotated
    assert all(item.terms is not None for item in stored)
    fresh = [replace(item, terms=None) for item in stored]
    assert events(link(stored)) == events(link(fresh))
