"""Tables: the reader gives rows (column names, group rows, data rows with their cells and
exact spans), and the table construction reads each cell with its column name."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_support import facts_of, statuses, triples

from immunokg.extract.read.corpus import read_document

HTML = """<html><body><main>
<h1>Antibodies given on our day unit</h1>
<table>
  <thead><tr><th>Generic name</th><th>Trade name</th><th>Acts on</th><th>Licensed for</th></tr></thead>
  <tbody>
    <tr><td colspan="4">Anti-CD38 antibodies</td></tr>
    <tr><td>foximab</td><td>Zorbex</td><td>CD38</td>
        <td>multiple myeloma<br>kidney cancer (in clinical trials)</td></tr>
    <tr><td colspan="4">CTLA-4 blockers</td></tr>
    <tr><td>grelimumab with quintolimab</td><td>Quorvia</td><td>CTLA-4 and PD-1</td>
        <td>melanoma</td></tr>
  </tbody>
</table>
</main></body></html>
"""

MARKDOWN = """# Antibodies given on our day unit

| Generic name | Trade name | Acts on | Licensed for |
|---|---|---|---|
| **Anti-CD38 antibodies** | | | |
| foximab | Zorbex | CD38 | multiple myeloma; kidney cancer (in clinical trials) |
| **CTLA-4 blockers** | | | |
| grelimumab with quintolimab | Quorvia | CTLA-4 and PD-1 | melanoma |
"""

PAGES = {"page.html": HTML, "page.md": MARKDOWN}


def _document(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_text(PAGES[name], encoding="utf-8")
    document, _ = read_document(path)
    return document, PAGES[name]


@pytest.mark.parametrize("name", PAGES)
def test_a_table_gives_its_column_names_group_rows_and_data_rows(tmp_path, name) -> None:
    document, _ = _document(tmp_path, name)
    rows = [b for b in document.blocks if b.cells]
    assert [b.kind for b in rows] == ["columns", "group", "row", "group", "row"]
    columns, group, row = rows[0], rows[1], rows[2]
    assert [document.text[a:b] for a, b in columns.cells] == [
        "Generic name",
        "Trade name",
        "Acts on",
        "Licensed for",
    ]
    assert document.blocks[row.header] == columns and document.blocks[row.group] == group
    assert [document.text[a:b] for a, b in row.cells][:3] == ["foximab", "Zorbex", "CD38"]


@pytest.mark.parametrize("name", PAGES)
def test_cells_map_to_their_exact_text_and_the_mark_between_them_to_nothing(tmp_path, name):
    document, raw = _document(tmp_path, name)
    for block in (b for b in document.blocks if b.cells):
        covered = "".join(raw[s:e] for s, e in document.spans(block.start, block.end))
        assert "|" not in covered.replace("|---", "")
        for start, end in block.cells:  # "; " joins the lines of a cell: the reader's too
            shown = " ".join(raw[s:e] for s, e in document.spans(start, end)).replace(";", "")
            assert shown.split() == document.text[start:end].replace(";", "").split()


def test_a_layout_table_is_read_as_the_page_blocks_it_holds(tmp_path) -> None:
    page = "<table><tr><td><h2>About us</h2><p>We give foximab.</p></td></tr></table>"
    path = tmp_path / "layout.html"
    path.write_text(page, encoding="utf-8")
    document, _ = read_document(path)
    kinds = [(b.kind, document.block_text(b)) for b in document.blocks]
    assert kinds == [("heading", "About us"), ("paragraph", "We give foximab.")]


@pytest.mark.parametrize("name", PAGES)
def test_each_cell_is_read_with_its_column_name(tmp_path, name) -> None:
    found = triples(facts_of(PAGES[name], tmp_path, name))
    assert {
        ("foximab", "brand_name", "Zorbex"),
        ("foximab", "targets", "cd38"),
        ("foximab", "treats", "multiple myeloma"),
        ("foximab", "treats", "kidney cancer"),
        ("grelimumab", "brand_name", "Quorvia"),
        ("grelimumab", "treats", "melanoma"),
    } <= found


@pytest.mark.parametrize("name", PAGES)
def test_a_group_row_names_the_class_of_its_own_rows_only(tmp_path, name) -> None:
    found = triples(facts_of(PAGES[name], tmp_path, name))
    classes = {(s, o) for s, r, o in found if r == "in_class"}
    assert ("grelimumab", "ctla-4 inhibitor") in classes
    assert {s for s, o in classes if "cd38" in o} == {"foximab"}
    assert ("foximab", "targets", "ctla-4") not in found
    assert ("grelimumab", "targets", "cd38") not in found


@pytest.mark.parametrize("name", PAGES)
def test_a_row_of_two_drugs_pairs_them_with_its_two_targets_in_order(tmp_path, name) -> None:
    found = triples(facts_of(PAGES[name], tmp_path, name))
    assert ("grelimumab", "targets", "ctla-4") in found
    assert ("quintolimab", "targets", "pd-1") in found
    assert ("grelimumab", "targets", "pd-1") not in found
    assert not {f for f in found if f[0] == "quintolimab" and f[1] != "targets"}


@pytest.mark.parametrize("name", PAGES)
def test_a_note_in_a_cell_sets_the_status_of_its_value(tmp_path, name) -> None:
    found = statuses(facts_of(PAGES[name], tmp_path, name))
    assert found[("foximab", "multiple myeloma")] == "approved"
    assert found[("foximab", "kidney cancer")] == "investigational"


def test_table_evidence_shows_the_cell_with_its_column_name_in_verbatim_spans(tmp_path) -> None:
    path = tmp_path / "page.html"
    facts = facts_of(HTML, tmp_path, "page.html")
    fact = next(f for f in facts if f.relation == "targets" and f.subject.label == "foximab")
    evidence = next(e for e in fact.evidence if e.rule.startswith("table-column."))
    assert evidence.sentence == "foximab | Acts on: CD38"
    raw = path.read_text(encoding="utf-8")
    assert [raw[s:e] for s, e in evidence.spans] == ["Acts on", "foximab", "CD38"]
    assert evidence.start == evidence.spans[0][0] and evidence.end == evidence.spans[-1][1]
