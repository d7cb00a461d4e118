"""Generate a corpus N times the seed corpus, with drug, brand, target and cancer names varied.

Usage: python -m benchmarks.generate_corpus N OUT_DIR [--seed S]

Variant 0 is the seed corpus unchanged; every further variant rewrites each seed
text with new names: invented INN-like drug names that keep the real stem
(-mab, -leucel, -lidomide ...), invented brands, other molecular targets and
other or invented cancer names, consistently within the variant. So facts grow
with N instead of collapsing into duplicates. A variant depends only on its
index and the seed, so the 10x corpus is the first tenth of the 100x corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = "corpus.json"
# Fixed-width syllables: names built from them parse one way, so the variant code
# inside a name makes it unique across variants.
SYLLABLES = tuple(c + v for c in "bdfgklmnprstvz" for v in "aeio")[:32]
# Endings kept from the real name (longest first): the INN stem and its infixes.
DRUG_STEMS = (
    "cabtagene", "mogene", "lecleucel", "leucel", "lidomide", "leukin", "parepvec", "quimod",
    "lizumab", "tuzumab", "limab", "tumomab", "ximab", "zumab", "umab", "mab", "cept", "kin",
    "vec", "cel",
)  # fmt: skip
BRAND_ENDINGS = ("ra", "za", "vo", "tiq", "lyx", "fio", "rex", "mia", "dra", "quel")
CANCER_ENDINGS = ("oma", "blastoma", "sarcoma", "carcinoma", "cytoma")
TARGET_FAMILIES = ("CD", "IL", "KIR", "SIGLEC", "TNFRSF", "LILRB", "CEACAM")
_CANCER_LABEL = re.compile(r"(?:cancer|carcinoma|oma|leuka?emia)$", re.IGNORECASE)
_MOLECULE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class Varied:
    """A lexicon name the generator rewrites: which entity, its type, and label or brand."""

    entity: str
    type: str
    brand: str | None  # the brand this surface is, or None for the entity's own name


def varied_surfaces(lexicon: Any) -> dict[str, Varied]:
    """Lower-cased surface → what it names, for drugs with an INN stem, molecules and cancers."""
    surfaces: dict[str, Varied] = {}
    for entry in lexicon.entries:
        if not _is_varied(entry):
            continue
        for surface, kind in entry.surfaces():
            plural = surface.endswith("s") and not entry.label.endswith("s")
            if len(surface) < 3 or plural:
                continue
            if entry.type == "Target" and not _MOLECULE.match(surface):
                continue  # "PD-1 receptor": the "PD-1" inside is rewritten instead
            brand = surface if kind == "brand" else None
            surfaces.setdefault(surface.lower(), Varied(entry.id, entry.type, brand))
    return surfaces


def _is_varied(entry: Any) -> bool:
    if entry.type == "Drug":
        return _drug_stem(entry.label) is not None
    if entry.type == "Target":
        return bool(_MOLECULE.match(entry.label))
    return entry.type == "CancerType" and bool(_CANCER_LABEL.search(entry.label))


def _drug_stem(word: str) -> str | None:
    core = re.sub(r"-[A-Za-z]$", "", word.lower())
    return next((stem for stem in DRUG_STEMS if core.endswith(stem) and core != stem), None)


class Namer:
    """Invents the names of one variant: unique within it, and across variants by its code."""

    def __init__(self, variant: int, seed: int, lexicon: Any, code_length: int) -> None:
        self.rng = random.Random(seed * 1_000_003 + variant)
        self.code = _code(variant, code_length)
        self.lexicon = lexicon
        self.used: set[str] = set()

    def prefix(self) -> str:
        """A random syllable or two, then the variant code: "ba" + "kode"."""
        for extra in (1, 1, 1, 2, 2, 2, 3, 3, 3, 4):
            prefix = "".join(self.rng.choice(SYLLABLES) for _ in range(extra)) + self.code
            if prefix not in self.used:
                self.used.add(prefix)
                return prefix
        raise RuntimeError("ran out of invented names")  # 32**4 tries cannot all collide

    def drug(self, label: str) -> str:
        """Each word that carries an INN stem gets a new beginning: "nivolumab" → "bakodeumab"."""
        words = []
        for word in label.split(" "):
            stem = _drug_stem(word)
            tail = word[len(word) - 2 :] if re.search(r"-[A-Za-z]$", word) else ""
            words.append(self.prefix() + stem + tail if stem else word)
        return self._unknown(" ".join(words), lambda: self.drug(label))

    def brand(self) -> str:
        name = (self.prefix() + self.rng.choice(BRAND_ENDINGS)).capitalize()
        return self._unknown(name, self.brand)

    def cancer(self, others: list[str]) -> str:
        if self.rng.random() < 0.5:
            return self.rng.choice(others)
        return self._unknown(
            self.prefix() + self.rng.choice(CANCER_ENDINGS), lambda: self.cancer([])
        )

    def target(self, others: list[str]) -> str:
        if self.rng.random() < 0.5:
            return self.rng.choice(others)
        name = self.rng.choice(TARGET_FAMILIES) + str(self.rng.randint(1, 400))
        return self._unknown(name, lambda: self.target(others))

    def _unknown(self, name: str, again: Any) -> str:
        """Never reuse a real lexicon name for an invented one."""
        return name if self.lexicon.lookup(name) is None else again()


def _code(variant: int, length: int) -> str:
    digits = []
    for _ in range(length):
        variant, digit = divmod(variant, len(SYLLABLES))
        digits.append(SYLLABLES[digit])
    return "".join(digits)


Key = tuple[str, str | None]  # (entity id, brand or None)


def variant_names(lexicon: Any, variant: int, seed: int, n: int, keys: list[Key]) -> dict[Key, str]:
    """Each key's name in this variant (variant 0 keeps the real names)."""
    if variant == 0:
        return {key: key[1] or lexicon.get(key[0]).label for key in keys}
    namer = Namer(variant, seed, lexicon, _code_length(n))
    cancers = sorted(e.label for e in lexicon.entries if e.type == "CancerType" and _is_varied(e))
    targets = sorted(e.label for e in lexicon.entries if e.type == "Target" and _is_varied(e))
    names: dict[Key, str] = {}
    for entity, brand in keys:
        entry = lexicon.get(entity)
        if brand is not None:
            names[(entity, brand)] = namer.brand()
        elif entry.type == "Drug":
            names[(entity, None)] = namer.drug(entry.label)
        elif entry.type == "Target":
            names[(entity, None)] = namer.target([t for t in targets if t != entry.label])
        else:
            names[(entity, None)] = namer.cancer([c for c in cancers if c != entry.label])
    return names


def _code_length(n: int) -> int:
    """Two syllables up to 1024 variants, so smaller corpora are prefixes of larger ones."""
    length, capacity = 2, len(SYLLABLES) ** 2
    while capacity < n:
        length, capacity = length + 1, capacity * len(SYLLABLES)
    return length


def rewrite(
    text: str, pattern: re.Pattern[str], surfaces: dict[str, Varied], names: dict[Key, str]
) -> str:
    """The text with every varied surface replaced; front matter is left alone."""
    front = _FRONT_MATTER.match(text)
    start = front.end() if front else 0

    def replace(match: re.Match[str]) -> str:
        varied = surfaces[match.group().lower()]
        new = names[(varied.entity, varied.brand)]
        if match.group()[0].isupper() and new[0].islower():
            new = new[0].upper() + new[1:]
        return new

    return text[:start] + pattern.sub(replace, text[start:])


def used_keys(texts: list[str], pattern: re.Pattern[str], surfaces: dict[str, Varied]) -> list[Key]:
    """The names that occur in the texts, in a stable order."""
    found = {surfaces[m.group().lower()] for text in texts for m in pattern.finditer(text)}
    return sorted({(v.entity, v.brand) for v in found}, key=lambda key: (key[0], key[1] or ""))


def surface_pattern(surfaces: dict[str, Varied]) -> re.Pattern[str]:
    alternatives = sorted(surfaces, key=lambda s: (-len(s), s))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)", re.I)


def generate(n: int, seed: int = 0) -> Iterator[tuple[str, str, dict]]:
    """(file name, text, names) for every document of the N-times corpus, in order."""
    from immunokg.extract.read.bundled import seed_paths
    from immunokg.extract.rules.lexicon import load_lexicon

    if n < 1:
        raise ValueError(f"N must be at least 1, not {n}")
    lexicon = load_lexicon()
    surfaces = varied_surfaces(lexicon)
    pattern = surface_pattern(surfaces)
    seeds = [(path, path.read_text(encoding="utf-8")) for path in seed_paths()]
    keys = used_keys([text for _, text in seeds], pattern, surfaces)
    width = max(4, len(str(n - 1)))
    for variant in range(n):
        names = variant_names(lexicon, variant, seed, n, keys)
        for path, text in seeds:
            new = text if variant == 0 else rewrite(text, pattern, surfaces, names)
            yield f"v{variant:0{width}d}_{path.stem}{path.suffix}", new, names


def write_corpus(n: int, out_dir: str | Path, seed: int = 0) -> dict[str, Any]:
    """Write the corpus to ``out_dir`` atomically (a folder it made before is replaced)."""
    target = Path(out_dir).absolute()
    if target.exists() and not (target / MARKER).is_file() and any(target.iterdir()):
        raise SystemExit(f"{target}: not empty and not a generated corpus; refusing to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    files, words, distinct = (
        0,
        0,
        {"Drug": set(), "brand": set(), "Target": set(), "CancerType": set()},
    )
    from immunokg.extract.rules.lexicon import load_lexicon

    lexicon = load_lexicon()
    try:
        for name, text, names in generate(n, seed):
            (temporary / name).write_text(text, encoding="utf-8")
            files, words = files + 1, words + len(text.split())
            for (entity, brand), new in names.items():
                distinct["brand" if brand else lexicon.get(entity).type].add(new)
        summary = {
            "n": n,
            "seed": seed,
            "files": files,
            "words": words,
            "distinct_names": {kind: len(values) for kind, values in sorted(distinct.items())},
        }
        (temporary / MARKER).write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
        if target.exists():
            shutil.rmtree(target)
        temporary.rename(target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many times the seed corpus (1, 10, 100, 1000)")
    parser.add_argument("out_dir", help="folder to write (replaced if it holds a generated corpus)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    summary = write_corpus(args.n, args.out_dir, args.seed)
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
