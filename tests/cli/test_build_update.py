"""``geokg build NEW --out DIR --update`` equals a full rebuild; the same content counts once (issue 11)."""

from __future__ import annotations

import json

import pytest

from tests.cli._corpus import article, build, outputs, write_jsonl


def test_build_update_equals_a_full_rebuild(tmp_path):
    old = write_jsonl(tmp_path / "old.jsonl", 0, 8)
    new_dir = tmp_path / "new"
    new_dir.mkdir()
    write_jsonl(new_dir / "more.jsonl", 50, 5)
    (new_dir / "doc3.txt").write_text(article(77))  # id of an old document, other text: kept under another id
    (new_dir / "again.txt").write_text(article(2))  # text of an old document: counted once

    full = tmp_path / "full"
    assert build(str(old), str(new_dir), "--out", str(full)).exit_code == 0
    inc = tmp_path / "inc"
    assert build(str(old), "--out", str(inc)).exit_code == 0
    res = build(str(new_dir), "--out", str(inc), "--update")
    assert res.exit_code == 0, res.stderr
    assert "7 documents read: 6 kept, 0 failed, 1 exact duplicates counted once + 8 already in the graph" \
        in res.stderr
    assert outputs(inc) == outputs(full)
    ids = [json.loads(x)["doc_id"] for x in (inc / "extractions.jsonl").read_text().splitlines()]
    assert len(ids) == len(set(ids)) == 14


def test_build_update_twice_with_the_same_input_changes_nothing(tmp_path):
    old = write_jsonl(tmp_path / "old.jsonl", 0, 4)
    new = write_jsonl(tmp_path / "new.jsonl", 10, 3)
    out = tmp_path / "out"
    assert build(str(old), "--out", str(out)).exit_code == 0
    assert build(str(new), "--out", str(out), "--update").exit_code == 0
    once = outputs(out)
    res = build(str(new), "--out", str(out), "--update")
    assert res.exit_code == 0 and "0 kept" in res.stderr and "3 exact duplicates" in res.stderr
    assert outputs(out) == once


def test_build_update_without_a_previous_graph_is_a_usage_error(tmp_path):
    res = build(str(write_jsonl(tmp_path / "a.jsonl", 0, 2)), "--out", str(tmp_path / "none"), "--update")
    assert res.exit_code == 2 and "without --update" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.usefixtures("shared_lexeme_probs")
def test_build_again_reuses_the_store_unless_the_pipeline_changed(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", 0, 5)
    out = tmp_path / "out"
    assert build(str(corpus), "--out", str(out)).exit_code == 0
    first = outputs(out)
    res = build(str(corpus), "--out", str(out))
    assert "5 kept (5 from the record store)" in res.stderr
    assert outputs(out) == first
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("actors:\n  - {name: Blue Lantern Group, type: organization, aliases: [Blue Lantern]}\n")
    res = build(str(corpus), "--out", str(out), "--aliases", str(aliases))
    assert res.exit_code == 0 and "from the record store" not in res.stderr  # another pipeline: extracted again
