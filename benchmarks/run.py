"""Benchmark immunokg at several corpus scales and write the figures as a markdown report.

Usage: python -m benchmarks.run [--scales 1,10,100] [--repeat 3] [--out docs/benchmarks.md]

For each scale N it generates the N-times corpus (generate_corpus.py), builds the
graph stage by stage in a fresh child process per repeat (build_child.py: read,
extract, a bare spaCy tokenizer pass, RDF, store load, SHACL, peak memory), then
times each named query on Oxigraph and on rdflib, a lookup's whole process next to
`python -c "import rdflib"`, and the graphml and turtle exports. A stage whose
module cannot be imported yet is skipped with a note in the report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import generate_corpus, measure, report, serve_report

HERE = Path(__file__).resolve().parent

PACKAGES = (
    "immunokg",
    "spacy",
    "rdflib",
    "pyoxigraph",
    "pyshacl",
    "networkx",
    "dask",
    "distributed",
    "oxigraph",
)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    info: dict[str, Any] = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_gb": _ram_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit(),
    }
    info["versions"] = {name: _version(name) for name in PACKAGES}
    return info


def commit() -> str:
    """The commit measured, and whether the work tree differed from it."""

    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], capture_output=True, text=True, cwd=HERE.parent)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--untracked-files=no")
    return (git("rev-parse", "--short", "HEAD") or "unknown") + (
        " (with uncommitted changes)" if changed else ""
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def ensure_corpus(n: int, seed: int, work: Path) -> tuple[Path, dict[str, Any]]:
    """The N-times corpus, generated once per (N, seed) and reused by later runs."""
    directory = work / f"corpus-{n}x-seed{seed}"
    marker = directory / generate_corpus.MARKER
    if marker.is_file():
        summary = json.loads(marker.read_text())
        if summary.get("n") == n and summary.get("seed") == seed:
            return directory, summary
    clock = time.perf_counter()
    summary = generate_corpus.write_corpus(n, directory, seed)
    summary["generate_seconds"] = time.perf_counter() - clock
    return directory, summary


def build_once(corpus: Path, graph_dir: Path, args: argparse.Namespace, first: bool) -> dict:
    """One child-process build; its stage figures, or what went wrong."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    command = [sys.executable, "-m", "benchmarks.build_child", str(corpus), str(graph_dir)]
    command += [str(result), "--jobs", str(args.jobs)]
    if first and args.speedup_jobs and args.speedup_jobs != args.jobs:
        command += ["--speedup-jobs", str(args.speedup_jobs)]
    if first and args.profile:
        command += ["--profile"]
    clock = time.perf_counter()
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=args.timeout, cwd=HERE.parent
        )
        failure = completed.stderr.strip().splitlines()[-1:] if completed.returncode else []
    except subprocess.TimeoutExpired:
        failure = [f"timed out after {args.timeout} s"]
    data = json.loads(result.read_text()) if result.stat().st_size else {"seconds": {}}
    result.unlink()
    data["wall_seconds"] = time.perf_counter() - clock
    if failure and "error" not in data:
        data["error"] = failure[0]
    return data


def run_scale(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    corpus, summary = ensure_corpus(n, args.seed, work)
    scale: dict[str, Any] = {"n": n, "corpus": summary, "builds": []}
    graph_dir = work / f"graph-{n}x"
    if graph_dir.exists():
        shutil.rmtree(graph_dir)
    for index in range(args.repeat):
        print(f"[{n}x] build {index + 1}/{args.repeat}", file=sys.stderr, flush=True)
        build = build_once(corpus, graph_dir, args, first=index == 0)
        scale["builds"].append(build)
        if "error" in build or build.get("skipped"):
            break  # the same failure would repeat
    if not (graph_dir / "store").is_dir():
        scale["graph_skipped"] = "no graph was built at this scale (see the build notes)"
        return scale
    triples = scale["builds"][-1].get("triples", 0)
    print(f"[{n}x] queries, lookup, exports", file=sys.stderr, flush=True)
    scale["queries"] = measure.queries(graph_dir, args.repeat, args.rdflib_max_triples, triples)
    scale["lookup"] = measure.lookup_process(graph_dir, args.repeat)
    scale["exports"] = measure.exports(
        graph_dir, work / f"exports-{n}x", args.repeat, args.rdflib_max_triples, triples
    )
    return scale


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10,100", help="corpus multiples (default 1,10,100)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--out", default="docs/benchmarks.md", help="markdown report to write")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "immunokg-bench"))
    parser.add_argument("--seed", type=int, default=0, help="corpus generator seed")
    parser.add_argument("--jobs", type=int, default=1, help="extraction processes in the build")
    parser.add_argument(
        "--speedup-jobs", type=int, default=2, help="also extract with this many (0: skip)"
    )
    parser.add_argument("--profile", action="store_true", help="profile extraction once a scale")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per child build")
    parser.add_argument(
        "--rdflib-max-triples",
        type=int,
        default=1_000_000,
        help="skip the rdflib comparison and the exports above this many triples (1000x has"
        " about 3 M: rdflib then needs some GB and minutes; raise it to measure them)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the other scales of the previous run in --work (e.g. add 1000x later)",
    )
    args = parser.parse_args(argv)
    try:
        args.scale_list = [int(part) for part in args.scales.split(",") if part.strip()]
    except ValueError:
        parser.error(f"--scales must be integers separated by commas, not {args.scales!r}")
    if not args.scale_list or min(args.scale_list) < 1 or args.repeat < 1:
        parser.error("scales and --repeat must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "settings": _settings(args), "scales": []}
    earlier = _earlier_scales(work / "results.json", args) if args.merge else []
    for n in args.scale_list:
        results["scales"].append(run_scale(n, args, work))
        merged = sorted(
            [*(s for s in earlier if s["n"] not in args.scale_list), *results["scales"]],
            key=lambda scale: scale["n"],
        )
        saved = {**results, "scales": merged}
        saved["settings"]["scales"] = ",".join(str(scale["n"]) for scale in merged)
        write_atomic(work / "results.json", json.dumps(saved, indent=1, default=str))
    results = saved
    scale_out = work / "scale_out.json"  # benchmarks/scale_out.py's figures, kept on the page
    if scale_out.is_file():
        results["scale_out"] = json.loads(scale_out.read_text())
    out = Path(args.out)
    previous = out.read_text(encoding="utf-8") if out.exists() else ""
    write_atomic(out, serve_report.kept(previous, report.markdown(results)))
    print(f"wrote {args.out} (raw figures: {work / 'results.json'})", file=sys.stderr)
    return 0


def _earlier_scales(path: Path, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Scales measured by an earlier run in the same --work folder (for --merge)."""
    if not path.is_file():
        return []
    return json.loads(path.read_text()).get("scales", [])


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    keys = ("scales", "repeat", "seed", "jobs", "speedup_jobs", "timeout", "rdflib_max_triples")
    return {key: getattr(args, key) for key in keys}


if __name__ == "__main__":
    sys.exit(main())
