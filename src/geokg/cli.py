"""geokg command line: extract, build, path, neighbors, render, export, stats, schema, ontology.

Exit status: 0 success; 1 some documents failed (each named on standard error, the rest processed) or a
query found nothing; 2 usage error or unreadable input; 3 internal error (a bug: the message says how to
report it); 130 interrupted. User mistakes are one-line messages, never tracebacks; ``geokg --verbose``
shows the traceback of an internal error.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from geokg import __version__
from geokg.errors import DocumentError, GeokgError

__all__ = ["main"]

#: Where internal errors should be reported (no public URL is configured for the project yet).
REPORT_TO = "the geokg issue tracker"
#: Close-match threshold for "did you mean": high enough that 'Narnia' suggests nothing.
SUGGEST_CUTOFF = 0.8

_EPILOG_EXTRACT = """\b
Examples:
  geokg extract examples/india_russia_oil.txt --format json
  geokg extract examples > extractions.jsonl
  cat examples/sahel_withdrawal.txt | geokg extract -
"""


class _Fail(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:  # noqa: D102
        click.echo(f"geokg: error: {self.message}", err=True)


def _die(exc: Exception, code: int = 2) -> None:
    err = _Fail(str(exc))
    err.exit_code = code
    raise err


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class _Group(click.Group):
    """The geokg group: one-line usage errors, a bug report message for internal errors, exit 130 on ^C."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:  # noqa: D102
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        verbose = "--verbose" in argv[: argv.index("--")] if "--" in argv else "--verbose" in argv
        try:
            rv = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.UsageError as exc:
            cmd = exc.ctx.command_path if exc.ctx else "geokg"
            msg = _one_line(exc.format_message()).rstrip(".")
            click.echo(f"geokg: error: {msg[:1].lower() + msg[1:]}; see '{cmd} --help'", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("geokg: interrupted", err=True)
            sys.exit(130)
        except SystemExit:
            raise
        except GeokgError as exc:  # a user-level error no command caught itself
            click.echo(f"geokg: error: {_one_line(exc)}", err=True)
            sys.exit(2)
        except Exception as exc:  # noqa: BLE001 - the one place a bug meets the user
            if verbose:
                traceback.print_exc()
            what = _one_line(exc)[:300].rstrip(".")
            click.echo(f"geokg: internal error: {type(exc).__name__}: {what}. This is a bug in "
                       f"geokg {__version__}; please report it on {REPORT_TO} with the command you ran"
                       + ("" if verbose else " and the traceback that 'geokg --verbose ...' prints"), err=True)
            sys.exit(3)
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="geokg")
@click.option("--verbose", is_flag=True, help="Show the traceback of an internal error.")
def main(verbose: bool) -> None:
    """geokg: news text in, a knowledge graph of geopolitical actors and evidenced relations out.

    \b
    Quick start:
      geokg build examples --out out      # extractions, graph.json, graph.graphml, graph.html
      geokg path out/graph.json India Russia
      geokg stats out/graph.json
    """
    from geokg._memory import keep_freed_memory

    keep_freed_memory()  # this process is geokg's: let malloc keep the parser's freed batches (process-wide)


def _documents(inputs: tuple[str, ...], max_chars: int, quiet: bool) -> Iterator[Any]:
    from geokg._io import iter_documents

    notes: list[str] = []
    try:
        yield from iter_documents(list(inputs), max_chars=max_chars, notes=notes)
    finally:
        if not quiet:
            for n in notes:
                click.echo(f"geokg: note: {n}", err=True)


_EXTRACTORS: dict[tuple[Any, ...], Any] = {}


def _extractor(model: str | None, alias_file: str | None, max_chars: int, fast: bool = False) -> Any:
    from geokg.extractor import Extractor

    if alias_file is not None and not os.path.isfile(alias_file):
        _die(GeokgError(f"--aliases {alias_file}: file not found; give a YAML or JSON alias file"))
    stamp = os.stat(alias_file).st_mtime_ns if alias_file else None
    key = (model, alias_file, stamp, fast)
    if key not in _EXTRACTORS:
        try:
            _EXTRACTORS.clear()  # one pipeline per process is enough
            _EXTRACTORS[key] = Extractor(model, alias_file=alias_file, fast=fast)
        except GeokgError as exc:
            _die(exc)
    ex = _EXTRACTORS[key]
    ex.nlp.max_length = max(ex.nlp.max_length, max_chars + 1)
    return ex


def _model_options(f: Any) -> Any:
    f = click.option("--max-chars", type=click.IntRange(min=1), default=5_000_000, show_default=True,
                     help="Refuse documents longer than this (reported per document).")(f)
    f = click.option("--aliases", "alias_file", type=click.Path(dir_okay=False), default=None,
                     help="YAML/JSON file of your own actors and aliases (adds to or overrides the gazetteer).")(f)
    f = click.option("--model", default=None, metavar="NAME_OR_PATH",
                     help="An installed trained spaCy pipeline to use under geokg's components "
                          "(default: the offline rule- and gazetteer-based pipeline).")(f)
    return f


@main.command(epilog=_EPILOG_EXTRACT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="jsonl", show_default=True,
              help="jsonl: one record per line; json: the record (one document) or a list.")
@_model_options
@click.option("--fast", is_flag=True, help="Skip geokg's tagger and parser: faster, relations from word order only.")
def extract(inputs: tuple[str, ...], fmt: str, model: str | None, alias_file: str | None, max_chars: int,
            fast: bool) -> None:
    """Extract entities and relations from INPUTS (files, directories, or - for stdin).

    Files may be .txt, .md, .html/.htm, or .json/.jsonl records with "text" and optional "id", "title",
    "date", "url". Records follow the extraction record in CONTRACT.md.
    """
    ex = _extractor(model, alias_file, max_chars, fast)
    failed = 0
    out = sys.stdout
    records: list[dict[str, Any]] = []
    try:
        for item in ex.extract(_documents(inputs, max_chars, False)):
            if isinstance(item, DocumentError):
                failed += 1
                click.echo(f"geokg: {item.doc_id}: {item.reason}", err=True)
                continue
            rec = item.model_dump(mode="json")
            if fmt == "jsonl":
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                records.append(rec)
    except GeokgError as exc:
        _die(exc)
    if fmt == "json":
        out.write(json.dumps(records[0] if len(records) == 1 else records, ensure_ascii=False, indent=2) + "\n")
    if failed:
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output directory.")
@_model_options
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (local engine) or LocalCluster workers (dask engine without --scheduler).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: this machine, or a Dask cluster (pip install 'geokg[dask]').")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask; default: a local cluster).")
@click.option("--update", is_flag=True,
              help="Add INPUTS to the graph already in DIR (documents already there count once).")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents per batch sent to nlp.pipe and to a worker.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no notes; failures and the summary only.")
@click.option("--fast", is_flag=True, help="Skip geokg's tagger and parser: faster, relations from word order only.")
def build(inputs: tuple[str, ...], out_dir: str, model: str | None, alias_file: str | None, max_chars: int,
          workers: int, engine: str, scheduler: str | None, update: bool, batch_size: int, progress: bool | None,
          quiet: bool, fast: bool) -> None:
    """Extract INPUTS and build the graph: graph.json, graph.graphml, graph.html, extractions.jsonl.

    Each document's record is kept in DIR/.geokg/records.sqlite as it finishes: a build that is killed or
    interrupted (Ctrl-C exits 130) resumes where it stopped when run again, and --update adds new documents
    without extracting the old ones again. The four files are published together in one atomic step, so DIR
    never holds a half-written or mixed set.

    \b
    Examples:
      geokg build examples --out out
      geokg build examples --out out --workers 2
      geokg build examples/india_russia_oil.txt --out out --update
      geokg build examples --out out --engine dask --workers 2
    """
    from geokg._build import BuildOptions, NothingToWrite, run_build

    if scheduler is not None and engine != "dask":
        _die(GeokgError("--scheduler is for --engine dask"))
    opts = BuildOptions(inputs=list(inputs), out_dir=Path(out_dir), model=model, alias_file=alias_file,
                        max_chars=max_chars, workers=workers, engine=engine, scheduler=scheduler, update=update,
                        batch_size=batch_size, fast=fast)
    show = (sys.stderr.isatty() if progress is None else progress) and not quiet

    def failure(doc_id: str, reason: str) -> None:
        click.echo(f"geokg: {doc_id}: {reason}", err=True)

    def note(text: str) -> None:
        if not quiet:
            click.echo(f"geokg: note: {text}", err=True)

    try:
        s = run_build(opts, on_failure=failure, on_note=note, progress=show)
    except KeyboardInterrupt:
        click.echo("geokg: interrupted; finished documents are kept in the record store: run the same command "
                   "again to resume", err=True)
        sys.exit(130)
    except NothingToWrite as exc:
        _die(exc, 1 if exc.failed else 2)
    except GeokgError as exc:
        _die(exc)
    dup = f", {s.duplicates} exact duplicates counted once" if s.duplicates else ""
    prev = f" + {s.previous} already in the graph" if update else ""
    stored = f" ({s.reused} from the record store)" if s.reused else ""
    click.echo(f"geokg: {s.read} documents read: {s.kept} kept{stored}, {s.failed} failed{dup}{prev}; "
               f"{s.nodes} actors, {s.edges} relations in {s.seconds:.1f}s -> {out_dir}/graph.html", err=True)
    if s.stale:
        note(f"{s.stale} documents already in the graph were extracted by another pipeline version; build from "
             f"all inputs without --update to refresh them")
    if s.failed:
        sys.exit(1)


def _load(graph: str) -> Any:
    from geokg.graph import read_graph

    try:
        return read_graph(graph)
    except GeokgError as exc:
        _die(exc)


def _suggest(word: str, choices: Iterable[str]) -> list[str]:
    """Close matches above the threshold, and labels that ``word`` starts (``met`` -> ``met_with``)."""
    choices = sorted(set(choices))
    low = word.casefold()
    starts = [c for c in choices if c.startswith(low) and len(low) >= 3]
    close = difflib.get_close_matches(low, choices, n=3, cutoff=SUGGEST_CUTOFF)
    return list(dict.fromkeys([*starts, *close]))[:3]


def _unknown(kind: str, value: str, choices: Iterable[str], option: str) -> None:
    hint = _suggest(value, choices)
    tip = f" Did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
    _die(GeokgError(f"{option}: unknown {kind} {value!r}.{tip} (see 'geokg ontology' for the labels)"
                    if kind == "relation label" else f"{option}: unknown {kind} {value!r}.{tip}"))


def _check_relations(G: Any, labels: Iterable[str], option: str) -> list[str] | None:
    """Relation labels from the user, checked against the ontology and the graph (exit 2 when unknown)."""
    from geokg.schemas import load_ontology

    labels = list(labels)
    if not labels:
        return None
    known = {e.label for e in load_ontology().relations}
    known |= {str(d.get("relation") or k) for _, _, k, d in G.edges(keys=True, data=True)}
    for label in labels:
        if label not in known:
            _unknown("relation label", label, known, option)
    return labels


def _check_types(types: Iterable[str]) -> list[str] | None:
    from geokg.schemas import ENTITY_TYPES

    types = list(types)
    for t in types:
        if t not in ENTITY_TYPES:
            _unknown("entity type", t, ENTITY_TYPES, "--type")
    return types or None


def _check_out_file(out: str, example: str) -> None:
    """``--out`` must be a file path whose parent is (or can be) a directory; say so before writing."""
    target = Path(out)
    if target.is_dir():
        _die(GeokgError(f"--out {out} is a directory; give a file name, e.g. {target / example}"))
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                _die(GeokgError(f"--out {out}: {parent} is a file, not a directory"))
            break


def _write_error(exc: OSError, out: str) -> None:
    # OSError messages name the temporary file being written; the user only knows the target.
    _die(GeokgError(f"cannot write {out}: {exc.strerror or type(exc).__name__}"))


def _entity_label(G: Any, node: str) -> str:
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


@main.command()
@click.argument("graph", type=click.Path())
@click.argument("source")
@click.argument("target")
@click.option("--max-hops", type=click.IntRange(min=1), default=4, show_default=True)
@click.option("--all", "all_paths", is_flag=True, help="All simple paths up to --max-hops, shortest first.")
@click.option("--directed", is_flag=True, help="Follow relations only in their direction.")
@click.option("--relation", "relations", multiple=True, help="Only this relation (repeatable).")
@click.option("--exclude-relation", "exclude", multiple=True, help="Never this relation (repeatable).")
@click.option("--include-unclaimed", is_flag=True, help="Also walk negated/hedged-only relations.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def path(graph: str, source: str, target: str, max_hops: int, all_paths: bool, directed: bool,
         relations: tuple[str, ...], exclude: tuple[str, ...], include_unclaimed: bool, as_json: bool) -> None:
    """How is SOURCE connected to TARGET? Prints each hop with its evidence sentences.

    SOURCE and TARGET are ids, names or aliases (case-insensitive): syria, Damascus, country:SYR.
    A hop marked "derived from" is a country-level relation inferred from a person's relation (a
    leader's meeting, say), not stated of the countries themselves. Exit status 1 when there is no path.

    \b
    Examples:
      geokg path out/graph.json India Russia
      geokg path out/graph.json Israel Lebanon --all --max-hops 3
      geokg path out/graph.json Turkey Sweden --json
    """
    from geokg.graph import find_paths, format_path

    G = _load(graph)
    rel = _check_relations(G, relations, "--relation")
    excl = _check_relations(G, exclude, "--exclude-relation")
    try:
        paths = find_paths(G, source, target, max_hops=max_hops, all_paths=all_paths, directed=directed,
                           relations=rel, exclude_relations=excl, include_unclaimed=include_unclaimed)
    except GeokgError as exc:
        _die(exc)
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in paths], ensure_ascii=False, indent=2))
    elif paths:
        for i, p in enumerate(paths):
            if len(paths) > 1:
                click.echo(f"# path {i + 1} ({len(p)} hops)")
            click.echo(format_path(G, p))
    else:
        click.echo(f"geokg: no path from {source!r} to {target!r} within {max_hops} hops"
                   + ("" if include_unclaimed else " (negated/hedged relations not walked; try --include-unclaimed)"),
                   err=True)
    if not paths:
        sys.exit(1)


@main.command()
@click.argument("graph", type=click.Path())
@click.argument("entity")
@click.option("--hops", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--relation", "relations", multiple=True, help="Only this relation (repeatable).")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help="Only actors of this type: country, person, organization, location (repeatable).")
@click.option("--json", "as_json", is_flag=True)
def neighbors(graph: str, entity: str, hops: int, relations: tuple[str, ...], types: tuple[str, ...],
              as_json: bool) -> None:
    """Actors within --hops of ENTITY, with the relations that connect them.

    \b
    Examples:
      geokg neighbors out/graph.json Turkey
      geokg neighbors out/graph.json Niger --hops 2 --type country --json
    """
    from geokg.graph import neighbors as find

    G = _load(graph)
    rel = _check_relations(G, relations, "--relation")
    only = _check_types(types)
    try:
        rows = find(G, entity, hops=hops, relations=rel)
    except GeokgError as exc:
        _die(exc)
    if only:
        rows = [r for r in rows if r["type"] in only]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        rels = ", ".join(f"{e['relation']}{'' if e['claimed'] else ' (' + str(e['modality']) + ')'}"
                         for e in r["edges"])
        click.echo(f"{r['distance']}  {r['name']}  [{r['type']}]  {rels}")


@main.command()
@click.argument("graph", type=click.Path())
@click.option("--out", "out_file", required=True, type=click.Path(), help="Output HTML file.")
@click.option("--focus", default=None, help="Show only the neighbourhood of this actor.")
@click.option("--hops", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--max-nodes", type=click.IntRange(min=1), default=300, show_default=True)
@click.option("--relation", "relations", multiple=True, help="Only this relation (repeatable).")
@click.option("--title", default=None)
def render(graph: str, out_file: str, focus: str | None, hops: int, max_nodes: int, relations: tuple[str, ...],
           title: str | None) -> None:
    """Write the interactive relationship map (one self-contained HTML file, no network needed).

    \b
    Examples:
      geokg render out/graph.json --out map.html
      geokg render out/graph.json --out niger.html --focus Niger --hops 1
    """
    from geokg.graph import render_html

    G = _load(graph)
    rel = _check_relations(G, relations, "--relation")
    _check_out_file(out_file, "map.html")
    try:
        render_html(G, out_file, focus=focus, hops=hops, max_nodes=max_nodes, relations=rel, title=title)
    except GeokgError as exc:
        _die(exc)
    except OSError as exc:
        _write_error(exc, out_file)
    click.echo(f"geokg: wrote {out_file}", err=True)


_EXAMPLE_NAMES = {"graphml": "graph.graphml", "gexf": "graph.gexf", "json": "graph.json", "cypher": "graph.cypher"}


@main.command()
@click.argument("graph", type=click.Path())
@click.option("--to", "fmt", required=True, type=click.Choice(["graphml", "gexf", "json", "csv", "cypher"]))
@click.option("--out", "out_path", required=True, type=click.Path(),
              help="Output file (for csv: a directory receiving nodes.csv and edges.csv).")
def export(graph: str, fmt: str, out_path: str) -> None:
    """Export GRAPH to GraphML, GEXF, JSON, CSV or Cypher.

    \b
    Examples:
      geokg export out/graph.json --to gexf --out graph.gexf
      geokg export out/graph.json --to csv --out tables
    """
    from geokg.graph import export_graph

    G = _load(graph)
    if fmt == "csv":
        if Path(out_path).exists() and not Path(out_path).is_dir():
            _die(GeokgError(f"--out {out_path} is a file; CSV export writes nodes.csv and edges.csv into a "
                            f"directory"))
    else:
        _check_out_file(out_path, _EXAMPLE_NAMES[fmt])
    try:
        export_graph(G, fmt, out_path)
    except GeokgError as exc:
        _die(exc)
    except OSError as exc:
        _write_error(exc, out_path)
    click.echo(f"geokg: wrote {out_path}", err=True)


@main.command()
@click.argument("graph", type=click.Path())
@click.option("--json", "as_json", is_flag=True)
def stats(graph: str, as_json: bool) -> None:
    """Counts of actors, relations, modalities and the best-connected actors.

    \b
    Examples:
      geokg stats out/graph.json
      geokg stats out/graph.graphml --json
    """
    from geokg.graph import graph_stats

    s = graph_stats(_load(graph))
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    click.echo(f"documents: {s['documents']}  actors: {s['nodes']}  relations: {s['edges']}  "
               f"evidence: {s['evidence']}  (not fact: {s['unclaimed_edges']})")
    for title, key in (("actors by type", "nodes_by_type"), ("relations", "edges_by_relation"),
                       ("evidence by modality", "evidence_by_modality")):
        click.echo(f"{title}: " + ", ".join(f"{k} {v}" for k, v in s[key].items()))
    click.echo("top actors: " + ", ".join(f"{a['name']} ({a['degree']})" for a in s["top_actors"]))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def info(as_json: bool) -> None:
    """Show geokg's version, its pipeline components and the syntax model's provenance (loads no model)."""
    import platform

    import spacy

    from geokg.extractors import build_pipeline
    from geokg.extractors.syntax import model_info

    data = {
        "geokg": __version__,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        # building a pipeline loads the gazetteer, not the syntax model (that loads on first use)
        "pipeline": build_pipeline().pipe_names,
        "pipeline_fast": build_pipeline(fast=True).pipe_names,
        "syntax_model": model_info(),
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    m = data["syntax_model"]
    click.echo(f"geokg {data['geokg']} (Python {data['python']}, spaCy {data['spacy']})")
    click.echo(f"pipeline: {' -> '.join(data['pipeline'])}   (--fast: without geokg_syntax)")
    if not m.get("available"):
        click.echo(f"syntax model: not found at {m['path']} (use --fast, or train it: python training/train.py)")
        return
    scores = "  ".join(f"{k} {m[k]:.3f}" for k in ("tag_acc", "uas", "las") if m.get(k) is not None)
    click.echo(f"syntax model: {m['name']} {m['version']} at {m['path']}")
    click.echo(f"  trained on {m['trained_on']}; licence {m['license']}; {scores} (UD English EWT test, sentence by "
               "sentence, the treebank's tokens)")
    own = m.get("own_tokenizer") or {}
    if own.get("uas") is not None:
        click.echo("  on its tokenizer's tokens instead of the treebank's: "
                   + "  ".join(f"{k} {own[k]:.3f}" for k in ("tag_acc", "uas", "las")))
    click.echo(f"  attribution: {m['attribution']}")
    for src in (m.get("sources") or [])[1:]:
        click.echo(f"  also built from: {src.get('name')} ({src.get('license')}, {src.get('url')})")


@main.command()
@click.option("--graph", "graph_file", is_flag=True, help="The schema of graph.json instead.")
def schema(graph_file: bool) -> None:
    """Print the JSON Schema of the extraction record (or, with --graph, of graph.json).

    \b
    Examples:
      geokg schema
      geokg schema --graph
    """
    from geokg.schemas import json_schema

    if graph_file:
        from geokg.schemas.graph import GraphData

        click.echo(json.dumps(GraphData.model_json_schema(), indent=2))
        return
    click.echo(json.dumps(json_schema(), indent=2))


@main.command()
@click.option("--file", "path", type=click.Path(dir_okay=False), default=None, help="Another ontology file.")
@click.option("--json", "as_json", is_flag=True)
def ontology(path: str | None, as_json: bool) -> None:
    """List the relation ontology: labels, direction, types, CAMEO/PLOVER codes, triggers.

    \b
    Examples:
      geokg ontology
      geokg ontology --json
    """
    from geokg.schemas import load_ontology

    try:
        onto = load_ontology(path)
    except GeokgError as exc:
        _die(exc)
    if as_json:
        click.echo(onto.model_dump_json(indent=2))
        return
    for e in onto.relations:
        arrow = "<->" if e.symmetric else "-->"
        click.echo(f"{e.label:28} {'/'.join(e.head_types)} {arrow} {'/'.join(e.tail_types)}  "
                   f"CAMEO {e.cameo}  {e.plover:9} {e.quad_class:20} {e.score:+.1f}")
