"""Check issue 7's targets against the measured figures: met, missed, or not measured."""

from __future__ import annotations

from typing import Any

from benchmarks.figures import build_total, median, speedup, throughput


def _build_total(scale: dict[str, Any]) -> float | None:
    return median([build_total(build) for build in scale["builds"]])


def _line(ok: bool | None, text: str) -> str:
    mark = {True: "met", False: "MISSED", None: "not measured"}[ok]
    return f"- **{mark}**: {text}"


def targets(scales: list[dict[str, Any]]) -> list[str]:
    by_n = {scale["n"]: scale for scale in scales}
    largest = max(by_n) if by_n else None
    lines = ["## Targets", ""]
    lines.append(_extraction(by_n, largest))
    lines += _growth(by_n)
    lines.append(_query_speed(by_n, largest))
    lines.append(_lookup(by_n, largest))
    lines.append(_parallel(by_n, largest))
    return [*lines, ""]


def _extraction(by_n: dict[int, Any], largest: int | None) -> str:
    """One-process extraction against the tokenizer, at the largest scale that measured it."""
    for n in sorted(by_n, reverse=True):
        pairs = [throughput(build) for build in by_n[n]["builds"]]
        ratio = median([e / t for e, t in pairs if e and t])
        if ratio is not None:
            return _line(
                ratio >= 0.5,
                f"extraction / tokenizer words per second = {ratio:.3f} at {n}x (target ≥ 0.5)",
            )
    return _line(None, "extraction at least half the bare tokenizer's words per second")


def _growth(by_n: dict[int, Any]) -> list[str]:
    lines = []
    small, big = by_n.get(100), by_n.get(1000)
    if small and big and _jobs(small) != _jobs(big):
        lines.append(
            _line(
                None,
                f"linear growth: the 100x and 1000x builds ran with different --jobs "
                f"({_jobs(small)} and {_jobs(big)}); run --scales 100,1000 together",
            )
        )
    elif small and big and _build_total(small) and _build_total(big):
        ratio = _build_total(big) / _build_total(small)
        lines.append(_line(ratio <= 12, f"1000x build / 100x build = {ratio:.1f} (target ≤ 12)"))
    else:
        lines.append(
            _line(None, "linear growth: 1000x build ≤ 12 × 100x build (run --scales 100,1000)")
        )
    if big and _build_total(big):
        total = _build_total(big)
        lines.append(_line(total < 300, f"1000x build in {total:.0f} s (target < 300 s)"))
        peak = median([b.get("peak_rss_mb") for b in big["builds"]])
        if peak is not None:
            lines.append(
                _line(peak < 4096, f"1000x peak memory {peak:,.0f} MB (target < 4,096 MB)")
            )
    else:
        lines.append(_line(None, "1000x build under 5 minutes with peak memory under 4 GB"))
    return lines


def _jobs(scale: dict[str, Any]) -> Any:
    """The --jobs of a scale's builds (None for runs that did not record it)."""
    return next((b["jobs"] for b in scale["builds"] if "jobs" in b), None)


def _query_speed(by_n: dict[int, Any], largest: int | None) -> str:
    measured = (by_n[largest].get("queries") or {}).get("queries") if largest else None
    measured = {name: row for name, row in (measured or {}).items() if "oxigraph" in row}
    if not measured:
        return _line(None, "named queries under 50 ms and ≥ 10x faster than rdflib")
    slowest = max(row["oxigraph"]["median"] for row in measured.values()) * 1000
    ratios = [
        row["rdflib"]["median"] / row["oxigraph"]["median"]
        for row in measured.values()
        if row.get("rdflib") and row["oxigraph"]["median"] > 0
    ]
    text = f"slowest named query {slowest:.1f} ms at {largest}x (target < 50 ms)"
    ok = slowest < 50
    if ratios:
        text += f"; smallest rdflib/Oxigraph ratio {min(ratios):.1f} (target ≥ 10)"
        ok = ok and min(ratios) >= 10
    else:
        text += "; rdflib not measured at this scale"
    if largest != 1000:
        text += " — the target is stated for 1000x"
    return _line(ok, text)


LOOKUP_RATIO = 1.5  # a lookup's whole process against `python -c "import rdflib"`


def _lookup(by_n: dict[int, Any], largest: int | None) -> str:
    measured = (by_n[largest].get("lookup") or {}) if largest else {}
    if "lookup" not in measured:
        return _line(
            None,
            f'a lookup\'s whole process within {LOOKUP_RATIO}x `python -c "import rdflib"`',
        )
    ratio = measured["lookup"]["median"] / measured["baseline"]["median"]
    return _line(
        ratio <= LOOKUP_RATIO,
        f"lookup process / `import rdflib` process = {ratio:.2f} at {largest}x "
        f"(target ≤ {LOOKUP_RATIO})",
    )


def _parallel(by_n: dict[int, Any], largest: int | None) -> str:
    """The speed-up at the largest scale where it was measured (1000x may skip it)."""
    for n in sorted(by_n, reverse=True):
        for build in by_n[n]["builds"]:
            found = speedup(build)
            if found is not None:
                few, many, ratio = found
                return _line(
                    ratio > 1,
                    f"extraction with {many} jobs is {ratio:.2f}x as fast as with {few} at {n}x",
                )
    return _line(None, "parallel extraction speed-up (`--speedup-jobs 2`)")
