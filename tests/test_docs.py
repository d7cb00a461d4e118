"""The docs are tested: every command has help and is shown in the README, every console
example and figure taken from the code is generated (cog) and current, and the README's
first set-up command runs."""

from __future__ import annotations

import contextlib
import importlib
import io
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from cogapp import Cog

from immunokg.graph.cli.main import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# docs/architecture.md has its own tests (tests/test_architecture_doc.py).
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "benchmarks/README.md"]
PAGES = [p for p in PAGES if p.name != "architecture.md"]
GENERATED = [p for p in PAGES if "[[[cog" in p.read_text(encoding="utf-8")]
REGENERATE = ".venv/bin/cog -r -I docs README.md docs/*.md"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_shown_in_the_readme(name: str) -> None:
    assert re.search(rf"\bimmunokg {re.escape(name)}\b", README), f"README never shows {name}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary.split()) >= 4, f"{name} --help says too little: {summary!r}"


def test_readme_opens_with_the_two_setup_commands() -> None:
    block = README.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    install_and_run, install_and_test = block
    assert "pip install ." in install_and_run and "immunokg build" in install_and_run
    assert "[test]" in install_and_test and "pytest" in install_and_test


def test_ci_runs_the_readme_test_command() -> None:
    """Each step of the README's test line is a line of .ci/run, in the same order."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    test_command = README.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()[1]
    steps = test_command.split(" && ")
    assert all(step in ci for step in steps), (steps, ci)
    assert [ci.index(step) for step in steps] == sorted(ci.index(step) for step in steps)


def test_readme_first_setup_command_builds_and_asks_after_the_install(readme_setup_run) -> None:
    assert [c.split("/")[-1] for c in readme_setup_run.commands] == [
        "immunokg build",
        "immunokg drugs --target PD-1",
    ]
    for command, done in zip(readme_setup_run.commands, readme_setup_run.done, strict=True):
        assert done.returncode == 0, f"`{command}` failed:\n{done.stderr}{done.stdout}"
    assert "SHACL: conforms" in readme_setup_run.build_output
    assert "pembrolizumab" in readme_setup_run.done[-1].stdout


@pytest.fixture(scope="module")
def examples(readme_setup_run):
    """docs/cogdocs.py, running its examples on the seed graph the set-up command built."""
    sys.path.insert(0, str(ROOT / "docs"))
    import cogdocs

    cogdocs.use_seed_graph(readme_setup_run.cache, readme_setup_run.build_output)
    assert cogdocs.REGENERATE == REGENERATE
    return cogdocs


def test_there_are_generated_pages() -> None:
    assert {p.name for p in GENERATED} >= {"README.md", "graph-model.md", "exports.md"}
    assert REGENERATE in README, "the README's Docs note gives the regenerate command"


@pytest.mark.parametrize("page", GENERATED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_generated_parts_are_current(page: Path, examples) -> None:
    """Rerun every cog block of the page (console examples, excerpts, figures) and compare."""
    out = io.StringIO()
    cog = Cog()
    cog.set_output(stdout=out, stderr=out)
    with contextlib.chdir(ROOT):
        status = cog.main(["cog", "--check", "--diff", "-I", "docs", str(page.relative_to(ROOT))])
    assert status == 0, (
        f"{page.relative_to(ROOT)} is stale or a generator failed; regenerate the docs with\n"
        f"    {REGENERATE}\nand review the diff before committing.\n{out.getvalue()}"
    )


def _fenced_blocks(text: str) -> list[tuple[int, str]]:
    """(line number, body) of each fenced block outside cog's generated output."""
    blocks, generated, fence, start, body = [], False, None, 0, []
    for number, line in enumerate(text.splitlines(), 1):
        if fence is None and "]]] -->" in line and "[[[end]]]" not in line:
            generated = True
        elif "[[[end]]]" in line:
            generated = False
        elif fence is None and line.lstrip().startswith("```"):
            fence, start, body = line.lstrip()[:3], number, []
        elif fence is not None and line.lstrip().startswith(fence):
            if not generated:
                blocks.append((start, "\n".join(body)))
            fence = None
        elif fence is not None:
            body.append(line)
    return blocks


_PLACEHOLDER = re.compile(r"\b(FORMAT|PATH|NAME|FILE|DIR|GOLD|ALIASES|VALUE|PHRASE|N)\b|\[")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_console_example_is_generated(page: Path) -> None:
    """A command shown with output, or one to paste, is in a cog block; synopses
    (``immunokg export FORMAT -o PATH``) and the README's set-up lines are not examples."""
    text = page.read_text(encoding="utf-8")
    loose = [
        f"line {start}: {line}"
        for start, body in _fenced_blocks(text)
        for line in body.splitlines()
        if line.startswith("$ ")
        or (line.startswith("immunokg ") and not _PLACEHOLDER.search(line.split("#")[0]))
    ]
    assert not loose, f"{page.name}: examples not generated by cog:\n" + "\n".join(loose)


_REPO_PATH = re.compile(
    r"(?<![\w/.])((?:extract|graph|tests|benchmarks|queries|ontology|seeds|docs)/[\w./-]*\.\w+)"
)
_DOTTED = re.compile(r"`(immunokg\.(?:extract|graph|ontology|queries|seeds)(?:\.\w+)*)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_path_and_module_named_exists(page: Path) -> None:
    """Files (``graph/rdf/store.py``) and dotted names (``immunokg.graph.ask.lookup``)
    that a page names are there, so a move or a rename shows up here."""
    text = page.read_text(encoding="utf-8")
    missing = sorted({p for p in _REPO_PATH.findall(text) if not (ROOT / p).exists()})
    for dotted in sorted(set(_DOTTED.findall(text))):
        module, _, attribute = dotted, "", ""
        while module:
            try:
                loaded = importlib.import_module(module)
            except ModuleNotFoundError:
                module, _, last = module.rpartition(".")
                attribute = f"{last}.{attribute}".rstrip(".")
                continue
            for name in filter(None, attribute.split(".")):
                loaded = getattr(loaded, name, None)
            if loaded is None:
                missing.append(dotted)
            break
        else:
            missing.append(dotted)
    assert not missing, f"{page.name} names what is not there: {missing}"


_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def _seed_count() -> int:
    from immunokg.extract.read.bundled import seed_paths

    return len(seed_paths())


def _independent_gold_sets(examples) -> int:
    return len(examples.GOLD_SETS) - 1  # all but the dev set


def _max_megabytes(_) -> int:
    from immunokg.extract.read.corpus import MAX_BYTES

    return MAX_BYTES // (1024 * 1024)


def _max_edge_texts(_) -> int:
    from immunokg.graph.export.draw import MAX_EDGE_TEXTS

    return MAX_EDGE_TEXTS


def _fact_id_digits(examples) -> int:
    return len(examples.fact_of("interleukin-2", "treats", "melanoma").split(":")[1])


def _timeout(_) -> int:
    from immunokg.graph.ask.limits import DEFAULT_TIMEOUT

    return int(DEFAULT_TIMEOUT)


def _row_cap(_) -> int:
    from immunokg.graph.ask.limits import DEFAULT_MAX_ROWS

    return DEFAULT_MAX_ROWS


def _name_chars(_) -> int:
    from immunokg.graph.ask.limits import MAX_NAME_CHARS

    return MAX_NAME_CHARS


def _phrase_chars(_) -> int:
    from immunokg.graph.ask.limits import MAX_PHRASE_CHARS

    return MAX_PHRASE_CHARS


def _inline_sort_prefix(_) -> int:
    prefixes = {
        int(n)
        for q in (ROOT / "queries").glob("*.rq")
        for n in re.findall(r"SUBSTR\(\?\w+, 1, (\d+)\)", q.read_text(encoding="utf-8"))
    }
    assert len(prefixes) == 1, prefixes
    return prefixes.pop()


# Numbers written into prose (not generated) and the code they must agree with.
PROSE_FIGURES = [
    pytest.param("README.md", r"oversized \(over (\d+) MB\)", _max_megabytes, id="max-file"),
    pytest.param(
        "docs/exports.md", r"above (\d+) edges the texts", _max_edge_texts, id="edge-texts"
    ),
    pytest.param(
        "docs/graph-model.md", r"the first (\d+) hex digits", _fact_id_digits, id="fact-ids"
    ),
    pytest.param(
        "docs/querying.md", r"led by a (\d+)-character", _inline_sort_prefix, id="sort-key"
    ),
    pytest.param("README.md", r"the (\w+)\s+bundled\s+seed", lambda _: _seed_count(), id="seeds"),
    pytest.param(
        "README.md", r"on (\w+) independent\s+gold", _independent_gold_sets, id="gold-sets"
    ),
    pytest.param("README.md", r"--timeout` \(default (\d+) s\)", _timeout, id="timeout"),
    pytest.param("README.md", r"a cap of ([\d,]+) rows", _row_cap, id="row-cap"),
    pytest.param("docs/querying.md", r"\(([\d]+) by default; 0", _timeout, id="q-timeout"),
    pytest.param("docs/querying.md", r"by default ([\d,]+) for SPARQL", _row_cap, id="q-rows"),
    pytest.param("docs/querying.md", r"a name over (\d+) char", _name_chars, id="q-name"),
    pytest.param("docs/querying.md", r"a phrase\s+over (\d+)", _phrase_chars, id="q-phrase"),
]


@pytest.mark.parametrize(("page", "pattern", "expected"), PROSE_FIGURES)
def test_figures_in_prose_agree_with_the_code(page, pattern, expected, examples) -> None:
    match = re.search(pattern, (ROOT / page).read_text(encoding="utf-8"))
    assert match, f"{page} no longer says {pattern!r}: update PROSE_FIGURES"
    said = match[1].replace(",", "")
    number = _NUMBER_WORDS.index(said) if said in _NUMBER_WORDS else int(said)
    assert number == expected(examples), (
        f"{page}: {match[0]!r}, but the code gives {expected(examples)}"
    )
