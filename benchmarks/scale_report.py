"""The "Beyond one machine" section of docs/benchmarks.md, from scale_out.py's figures.

Every row says which run made it: the command, the date and the load average before it;
the section's first line gives the commit and the machine.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

BEGIN = "<!-- scale-out: written by `python -m benchmarks.scale_out`; do not edit -->"
END = "<!-- end of scale-out -->"


def with_scale_out(page: str, results: dict[str, Any]) -> str:
    """``page`` with its scale-out section replaced (or added before the Notes)."""
    section = "\n".join([BEGIN, *scale_out_section(results), END])
    if BEGIN in page:
        return re.sub(
            re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, page, flags=re.S
        )
    if "\n## Notes" in page:
        head, tail = page.split("\n## Notes", 1)
        return f"{head}\n{section}\n\n## Notes{tail}"
    return page.rstrip("\n") + "\n\n" + section + "\n"


def scale_out_section(results: dict[str, Any]) -> list[str]:
    if not results:
        return []
    info = results.get("machine", {})
    lines = [
        "## Beyond one machine: Dask, bounded memory, push",
        "",
        "Measured by "
        + " then ".join(
            f"`python -m benchmarks.scale_out {a}`" for a in results.get("arguments", [])
        )
        + " "
        f"at commit {results.get('commit', '?')} (rows that name no commit of their own) on {info.get('cpu', '?')}, "
        f"{info.get('cores', '?')} cores, {info.get('ram_gb', '?')} GB RAM, {info.get('os', '?')}, "
        f"Python {info.get('python', '?')}, distributed {_version(info, 'distributed')}, "
        f"pyoxigraph {_version(info, 'pyoxigraph')}. Peak memory is the largest resident set "
        "among the build's processes (the build, its forked extraction workers, a "
        "LocalCluster's workers). The machine is shared: the load average (2 cores) before "
        "each run is in its row.",
        "",
    ]
    lines += _overhead(results.get("overhead"))
    lines += _memory(results.get("memory"))
    lines += _push(results.get("push"))
    return lines


def _version(info: dict[str, Any], name: str) -> str:
    return str(info.get("versions", {}).get(name, "?"))


def _row(run: dict[str, Any], *cells: str) -> str:
    wall = f"{run['seconds']:,.1f}"
    peak = f"{run['peak_rss_mb']:,.0f}"
    status = "" if run.get("status", 0) == 0 else f" (exit {run['status']})"
    date = run["date"] + (f", {run['commit']}" if run.get("commit") else "")
    return f"| {' | '.join(cells)} | `{run['command']}`{status} | {wall} | {peak} | {date} | {run['load_before']:.2f} |"


def _overhead(data: dict[str, Any] | None) -> list[str]:
    if not data:
        return []
    local, dask = data["local"], data["dask"]
    ratio = dask["seconds"] / local["seconds"]
    same = "byte-identical" if data.get("identical") else "DIFFERENT"
    lines = [
        f"### Dask's overhead at {data['n']}x",
        "",
        "| build | command | wall (s) | peak memory (MB) | date, commit | load before |",
        "|---|---|---:|---:|---|---:|",
        _row(local, "local, 2 processes"),
        _row(dask, "Dask LocalCluster, 2 workers"),
        "",
        f"Dask's overhead on one machine: {ratio:.2f}x the local build's wall time"
        + _pairs(data)
        + " "
        f"({dask['seconds'] - local['seconds']:+.1f} s: cluster start-up, each worker compiling "
        f"the extraction engine, tasks of about {_task_kb(dask)} KB). graph.nt: {same}.",
        "",
    ]
    return lines


def _pairs(data: dict[str, Any]) -> str:
    ratios = data.get("ratios") or []
    if len(ratios) < 2:
        return ""
    shown = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    return f" (medians of {len(ratios)} runs each, taken in turns; the pairs' ratios: {shown})"


def _task_kb(run: dict[str, Any]) -> str:
    cluster = run.get("cluster") or {}
    size = cluster.get("task_bytes")
    tasks = cluster.get("tasks")
    return f"{size / 1024:,.0f} ({tasks} tasks)" if size else "?"


def _memory(rows: list[dict[str, Any]] | None) -> list[str]:
    if not rows:
        return []
    lines = [
        "### Peak build memory by corpus size",
        "",
        "| scale | words | build | command | wall (s) | peak memory (MB) | date, commit | load before |",
        "|---:|---:|---|---|---:|---:|---|---:|",
    ]
    for row in rows:
        words = f"{row.get('words') or 0:,}"
        if "in_memory" in row:
            lines.append(_row(row["in_memory"], f"{row['n']}x", words, "in memory"))
        how = "streamed" if row["streamed"].get("streamed") else "in memory"
        lines.append(_row(row["streamed"], f"{row['n']}x", words, how))
    lines.append("")
    for row in rows:
        if row["streamed"].get("note"):
            lines.append(f"- {row['n']}x: {row['streamed']['note']}.")
        if "identical" in row:
            same = "byte-identical" if row["identical"] else "DIFFERENT"
            lines.append(f"- {row['n']}x: graph.nt streamed and in memory: {same}.")
    peaks = {row["n"]: row["streamed"]["peak_rss_mb"] for row in rows}
    ordered = sorted(peaks)
    for low, high in itertools.pairwise(ordered):
        lines.append(
            f"- peak({high}x) / peak({low}x) = {peaks[high] / peaks[low]:.2f} "
            f"for {high / low:.0f} times the corpus."
        )
    return [*lines, ""]


def _push(data: dict[str, Any] | None) -> list[str]:
    if not data:
        return []
    run = data["run"]
    return [
        f"### Push of the {data['n']}x graph to the Oxigraph server",
        "",
        "| graph | triples | command | wall (s) | peak memory (MB) | date, commit | load before |",
        "|---|---:|---|---:|---:|---|---:|",
        _row(run, f"{data['n']}x", f"{data['triples']:,}"),
        "",
        f"{data['triples_per_second']:,.0f} triples per second (PUT, then POST per chunk of "
        f"250,000 lines, then a COUNT), into an on-disk Oxigraph server store of "
        f"{data['store_bytes'] / 1e9:,.2f} GB.",
        "",
    ]
