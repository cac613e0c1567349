"""The filters and facets the apps declare, gathered into one vocabulary by the registry."""

import pytest
from django.conf import settings

from search import registry
from search.backends import embedded
from search.registry import DocumentType, RegistryError
from search.vocabulary import INTEGER, Facet, VocabularyError, merged

A, B, C, D = (Facet(name) for name in "abcd")


def names(facets: list[Facet]) -> list[str]:
    return [facet.name for facet in facets]


def test_the_merged_order_keeps_each_declared_order_earlier_names_first():
    assert names(merged([(A, C), (A, B, D, C)])) == ["a", "b", "d", "c"]
    assert names(merged([(A, C), (B, D)])) == ["a", "c", "b", "d"]


def test_contradictory_orders_are_refused():
    with pytest.raises(VocabularyError, match="contradictory"):
        merged([(A, B), (B, A)])


def test_one_name_declared_twice_must_agree_and_is_described_once():
    described = Facet("year", "Years.", kind=INTEGER)
    assert merged([(Facet("year", kind=INTEGER),), (described,)]) == [described]
    with pytest.raises(VocabularyError, match="differently"):
        merged([(Facet("year"),), (described,)])
    with pytest.raises(VocabularyError, match="described twice"):
        merged([(described,), (Facet("year", "Other years.", kind=INTEGER),)])


def test_terms_are_written_as_their_kind_says_labelled_by_their_value_by_default():
    assert Facet("level", kind=INTEGER).term(4) == Facet("level", kind=INTEGER).term("04")
    assert Facet("level", kind=INTEGER).term(4).value == "4"
    assert (Facet("tag").term("xếp hạng").value, Facet("tag").term("xếp hạng").label) == (
        "xếp hạng",
        "xếp hạng",
    )
    assert Facet("agency").term("BTP", "Bộ Tư pháp").label == "Bộ Tư pháp"
    with pytest.raises(ValueError):
        Facet("level", kind=INTEGER).term("bốn")
    with pytest.raises(VocabularyError, match="kind"):
        Facet("level", kind="float")


def test_labels_the_index_holds_come_first_then_the_facets_own_then_the_value():
    assert registry.TYPE.label("news", "") == "Tin chính sách"
    assert registry.TYPE.label("nothing", "") == "nothing"
    assert registry.LOCALE.label("en", "") == dict(settings.LANGUAGES)["en"]
    assert Facet("agency").label("BTP", "Bộ Tư pháp") == "Bộ Tư pháp"
    assert Facet("agency").label("BTP", "") == "BTP"


def test_the_registered_vocabulary():
    assert registry.filter_names() == [
        "agency",
        "topic",
        "sector",
        "service_level",
        "year",
        "format",
        "licence",
        "theme",
        "tag",
    ]
    assert registry.facet_names() == ["type", "locale", *registry.filter_names()]
    assert "tag" not in registry.default_facets() and "locale" not in registry.default_facets()
    assert registry.facet("service_level").kind == INTEGER


def test_a_type_that_contradicts_the_vocabulary_is_not_registered():
    class Clashing(DocumentType):
        name = "clashing"
        facets = (Facet("agency", kind=INTEGER),)

    before = registry.vocabulary()
    with pytest.raises(RegistryError, match="clashing"):
        registry.register(Clashing())
    assert "clashing" not in {t.name for t in registry.all_types()}
    assert registry.vocabulary() == before


def test_an_embedded_index_built_for_other_facets_asks_for_a_rebuild(tmp_path, monkeypatch):
    built = embedded.indexed_facets()
    monkeypatch.setattr(embedded, "indexed_facets", lambda: (*built, "colour"))
    embedded.EmbeddedSearchBackend({"PATH": tmp_path}).rebuild([])
    monkeypatch.undo()
    with pytest.raises(embedded.IndexOutOfDate, match="search_rebuild"):
        embedded.EmbeddedSearchBackend({"PATH": tmp_path}).count()
