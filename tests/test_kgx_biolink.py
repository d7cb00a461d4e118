"""KGX export checked offline against Biolink's own schema, from the biolink-model package."""

from __future__ import annotations

import pytest
from biolink_check import check_kgx, id_prefixes
from querygraph import write_fixture_graph_dir

from immunokg.graph.export.registry import export
from immunokg.graph.rdf.identifiers import CATEGORIES, PREFERRED_PREFIXES


@pytest.mark.parametrize("entity_type", sorted(PREFERRED_PREFIXES))
def test_preferred_prefixes_are_biolinks_for_the_category(entity_type):
    assert set(PREFERRED_PREFIXES[entity_type]) <= id_prefixes(CATEGORIES[entity_type])


def test_kgx_of_a_graph_has_no_biolink_errors(tmp_path):
    directory = write_fixture_graph_dir(tmp_path / "graph")
    nodes, edges = export(directory, "kgx", f"{tmp_path}/kgx/")
    report = check_kgx(nodes, edges)
    assert report.errors == []


def test_the_check_catches_what_biolink_rejects(tmp_path):
    nodes, edges = tmp_path / "nodes.tsv", tmp_path / "edges.tsv"
    nodes.write_text("id\tcategory\txref\nMONDO:0005105\tbiolink:Illness\tnot a curie\n")
    edges.write_text(
        "id\tsubject\tpredicate\tobject\tknowledge_level\tagent_type\n"
        "e1\tMONDO:0005105\tbiolink:cures\tX:1\tknowledge_assertion\tmagic\n"
    )
    errors = " ".join(check_kgx(nodes, edges).errors)
    for problem in (
        "biolink:Illness",
        "not a CURIE",
        "biolink:cures",
        "'X:1' is not a node",
        "magic",
    ):
        assert problem in errors
