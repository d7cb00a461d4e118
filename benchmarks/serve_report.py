"""The "Serving under load" section of docs/benchmarks.md, written by benchmarks/load.py
between two markers, so a later run replaces it and the rest of the page is kept."""

from __future__ import annotations

from typing import Any

BEGIN = "<!-- serving-under-load: written by python -m benchmarks.load -->"
END = "<!-- end of serving-under-load -->"
TARGET_P95_MS = 50.0


def replace_section(page: str, text: str) -> str:
    """The page with its load section replaced by ``text`` (appended if it has none)."""
    block = f"{BEGIN}\n{text.rstrip()}\n{END}\n"
    if BEGIN in page and END in page:
        head, rest = page.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1].lstrip("\n")
    return page.rstrip("\n") + "\n\n" + block if page else block


def kept(previous: str, page: str) -> str:
    """``page`` (a new report) with the load section of the ``previous`` page, if it had one."""
    if BEGIN not in previous or END not in previous:
        return page
    block = previous.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")
    return replace_section(page, block)


def section(record: dict[str, Any]) -> str:
    """The section's markdown: what ran, where, and each phase's figures by kind of request."""
    info = record["machine"]
    lines = [
        "## Serving under load",
        "",
        f"`{record['command']}` on {info['date']}, commit {record['commit']}: "
        f"{record['clients']} concurrent clients on loopback against "
        f"`immunokg serve --workers {record['workers']}` on the 100x graph "
        f"({record['triples']:,} triples). Each client sends one request at a time from a "
        "shuffled mix of named lookups and entity pages (half each), reads the answer whole, "
        "waits its pause, and sends the next, each request with a 10 s timeout. Machine: "
        f"{info['cpu']}, {info['usable_cores']} usable cores, {info['ram_gb']} GB, load "
        f"average {_load(info)} at the start; the clients ran on the same cores as the "
        "server. Not rerun by CI.",
    ]
    for run in record["phases"]:
        lines += _phase(run)
    return "\n".join(lines) + "\n"


def _phase(run: dict[str, Any]) -> list[str]:
    pause = run["pause"]
    how = f"a {pause:g} s pause between a client's requests" if pause else "no pause"
    lines = [
        "",
        f"### {how[0].upper() + how[1:]}",
        "",
        f"{run['seconds']} s; server and workers resident memory at the end "
        f"{run['server_memory_mb']:,} MB. {_cache_text(run['cache'])}{_cpu_text(run)}",
        "",
        "| requests | count | per second | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, figures in run["figures"].items():
        errors = ", ".join(f"{n} × {status}" for status, n in figures["errors"].items()) or "0"
        shown = f"**{name}**" if name in ("all", "named lookups", "entity pages") else name
        lines.append(
            f"| {shown} | {figures['requests']:,} | {figures['per_second']:.1f} | "
            f"{figures['p50']:.1f} | {figures['p95']:.1f} | {figures['p99']:.1f} | "
            f"{figures['max']:.1f} | {errors} |"
        )
    lookups = run["figures"]["named lookups"]
    errors = sum(run["figures"]["all"]["errors"].values())
    met = lookups["p95"] < TARGET_P95_MS and errors == 0
    figures = f"(errors {errors}, p95 {lookups['p95']:.1f} ms)"
    if not pause:  # a closed loop with no think time: what it measures is the queue
        clients = run.get("clients", 50)
        return [
            *lines,
            "",
            f"- Not the target's phase: {clients} clients with no pause keep {clients} "
            "requests in the server at every moment, so a request's time is the queue ahead "
            f"of it; a p95 under {TARGET_P95_MS:g} ms would need more than "
            f"{clients / TARGET_P95_MS * 1000:,.0f} requests a second {figures}.",
        ]
    return [
        *lines,
        "",
        f"- **{'met' if met else 'MISSED'}**: 0 errors and p95 < {TARGET_P95_MS:g} ms for the "
        f"named lookups {figures}",
    ]


def _cache_text(cache: dict[str, int]) -> str:
    if not cache["size"]:
        return "No answers kept (`--cache 0`): every request ran its queries."
    shared = cache.get("shared", 0)
    total = cache["hits"] + cache["misses"] + shared
    share = cache["hits"] / total if total else 0.0
    dropped = cache.get("dropped", 0)
    return (
        f"Answers kept: `--cache {cache['size']}`; {cache['hits']:,} of the {total:,} jobs the "
        f"requests asked for ({share:.0%}) were answered from it, {shared:,} waited for the same "
        f"job already running, {dropped:,} were dropped because every client asking had gone."
    )


def _cpu_text(run: dict[str, Any]) -> str:
    """Where the CPU time of the run went: the load generator, the web process, the workers."""
    cpu = run.get("cpu_seconds")
    if not cpu:
        return ""
    parts = ", ".join(
        f"{name} {seconds:.1f} s ({seconds / run['seconds']:.0%} of a core)"
        for name, seconds in cpu.items()
    )
    return f" CPU time during the run: {parts}."


def _load(info: dict[str, Any]) -> str:
    load = info.get("load_average")
    return ", ".join(f"{value:.2f}" for value in load) if load else "unknown"
