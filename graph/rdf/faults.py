"""A test-only hook: kill the process (as ``kill -9`` would) at a named moment of a build.

Set ``IMMUNOKG_TEST_CRASH_AT`` to one of ``MOMENTS``; tests/test_build_faults.py crashes a
build at each in turn and checks that the previous graph still answers and that the next
build cleans up. Unset, a moment costs one environment lookup.
"""

from __future__ import annotations

import os
import signal

CRASH_ENVVAR = "IMMUNOKG_TEST_CRASH_AT"
# In the order a build reaches them, each with what has happened by then.
MOMENTS = {
    "locked": "the build lock taken, leftovers of earlier crashes removed",
    "read": "the texts read",
    "extracted": "the facts extracted",
    "rdf": "the N-Triples lines built",
    "staged": "graph.nt written to the staging folder",
    "validated": "SHACL run on the staged graph",
    "loaded": "the staged store loaded",
    "recorded": "build.json written; nothing moved yet",
    "parked": "the old graph renamed aside, the new one not yet in place",
    "swapped": "the new graph in place, the old one not yet removed",
    "committed": "the old graph removed, the name index not yet written",
}


def crash_point(moment: str) -> None:
    """Die here, at once and without cleaning up, if the test hook names this moment."""
    if os.environ.get(CRASH_ENVVAR) == moment:
        os.kill(os.getpid(), signal.SIGKILL)
