"""The bundled syntax model: loads offline, parses relation-bearing sentences only, keeps sentence boundaries."""

from __future__ import annotations

from geokg.extractors.syntax import model_info


def test_syntax_model_is_packaged_with_provenance():
    info = model_info()
    assert info["available"], info
    assert info["license"] == "CC BY-SA 4.0"
    assert "EWT" in info["trained_on"]
    assert 0 < info["uas"] <= 1 and 0 < info["las"] <= info["uas"] and 0 < info["tag_acc"] <= 1


def test_syntax_parse_has_subject_and_object(nlp):
    doc = nlp("Russia warned Syria on Monday.")
    by_text = {t.text: t for t in doc}
    assert by_text["warned"].dep_ == "ROOT"
    assert by_text["Russia"].dep_ == "nsubj" and by_text["Russia"].head.text == "warned"
    assert by_text["Syria"].dep_ == "obj" and by_text["Syria"].head.text == "warned"
    assert by_text["Russia"].pos_ == "PROPN"
    assert doc._.geokg_parsed == [[0, 6]]


def test_syntax_skips_sentences_without_actors_and_keeps_boundaries(nlp):
    text = "It rained all day in the hills. Russia warned Syria. The match was postponed."
    doc = nlp(text)
    sents = [s.text for s in doc.sents]
    assert sents == ["It rained all day in the hills.", "Russia warned Syria.", "The match was postponed."]
    assert doc._.geokg_parsed == [[8, 12]]
    assert all(t.tag_ == "" for t in doc[:8])


def test_syntax_hard_wrapped_sentence_parses_like_the_unwrapped_one(nlp):
    flat = nlp("Russia warned Syria about the border on Monday.")
    wrapped = nlp("Russia warned Syria about\nthe border on Monday.")
    def arcs(doc):
        return [(t.text, t.dep_, t.head.text) for t in doc if not t.is_space]
    assert arcs(flat) == arcs(wrapped)


def test_syntax_fast_pipeline_has_no_parser():
    from geokg.extractors import build_pipeline

    nlp = build_pipeline(fast=True)
    assert "geokg_syntax" not in nlp.pipe_names
    assert not nlp("Russia warned Syria.").has_annotation("DEP")


def test_syntax_greedy_parse_matches_spacys_own_decoder():
    from geokg.extractors.syntax import _greedy_capable, greedy_parse, load_syntax_model
    from spacy.attrs import DEP, HEAD, TAG

    model = load_syntax_model()
    parser = model.get_pipe("parser")
    assert _greedy_capable(parser)
    texts = [
        "Russia warned Syria on Monday.",
        "The foreign minister of Japan, who arrived late, met his Chinese counterpart in Beijing to discuss trade.",
        "Talks between Ankara and Athens resumed after the two governments agreed on a new agenda.",
        "Sanctions.",
        "Germany said it would send troops if the alliance asked, but France refused and the summit was called off.",
    ]
    ours = list(model.pipe(texts, disable=["parser"]))
    theirs = list(model.pipe(texts))
    parser.set_annotations(ours, greedy_parse(parser, ours))
    for a, b in zip(ours, theirs, strict=True):
        assert (a.to_array([HEAD, DEP, TAG]) == b.to_array([HEAD, DEP, TAG])).all(), a.text


def test_syntax_keep_freed_memory_leaves_the_users_malloc_settings_alone(monkeypatch):
    from geokg._memory import keep_freed_memory

    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "1000000")
    assert keep_freed_memory() is False
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    assert isinstance(keep_freed_memory(), bool)


def test_lone_nominal_indirect_object_becomes_the_object():
    import numpy
    import spacy
    from geokg.extractors.syntax import SyntaxParser

    parser = SyntaxParser(spacy.blank("en"))
    s = parser.vocab.strings
    ids = {x: s.add(x) for x in ("nsubj", "ROOT", "iobj", "obj", "ccomp", "obl", "NNP", "PRP", "VBD", "VB")}

    def run(deps, tags, heads):
        d = numpy.asarray([ids[x] for x in deps], dtype="uint64")
        parser._lone_iobj_to_obj(numpy.asarray(heads), d, numpy.asarray([ids[x] for x in tags], dtype="uint64"))
        return [s[int(x)] for x in d]

    # "Russia warned Syria": the only object
    assert run(["nsubj", "ROOT", "iobj"], ["NNP", "VBD", "NNP"], [1, 1, 1])[2] == "obj"
    # "Russia told Syria (that) ...": a clausal complement keeps it indirect; a pronoun ("told me") too
    assert run(["nsubj", "ROOT", "iobj", "ccomp"], ["NNP", "VBD", "NNP", "VB"], [1, 1, 1, 1])[2] == "iobj"
    assert run(["nsubj", "ROOT", "iobj"], ["NNP", "VBD", "PRP"], [1, 1, 1])[2] == "iobj"


def test_shipped_model_fits_the_package_and_carries_its_cluster_table():
    from geokg.extractors.syntax import DEFAULT_MODEL, load_syntax_model

    size = sum(p.stat().st_size for p in DEFAULT_MODEL.rglob("*") if p.is_file())
    assert size <= 12 * 1024 * 1024  # the package holds the model: at most 12 MB
    nlp = load_syntax_model()
    layer = next(n for n in nlp.get_pipe("tok2vec").model.walk() if n.name == "geokg_cluster_features")
    keys = layer.attrs["cluster_keys"]
    assert len(keys) == 100_000 and (keys[1:] > keys[:-1]).all()  # restored from the weights, not a file
    assert nlp.config["paths"]["clusters"] is None
