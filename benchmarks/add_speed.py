"""How fast ``vnru add`` suggests: one 10 KB article, and 100 articles in one command.

Targets (issue 15): a 10 KB article's suggestions in at most 1 s beyond
start-up; 100 articles in one command in at most 60 s. The articles are made
here, deterministic for a seed, from sentences like the test articles' (names
with diacritics and Cyrillic, dates of every form, figures), each page wrapped
in navigation and a footer as a saved browser page would be.

    .venv/bin/python -m benchmarks.add_speed [--articles 100] [--seed 1]

The archive added to is a copy of the bundled data (so names, figures and
agreements are matched and compared against real records).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SENTENCES = (
    "Russian Foreign Minister Sergey Lavrov held talks with Deputy Prime Minister Trần Hồng Hà in Hanoi on {weekday}.",
    "Đặng Minh Khôi, Deputy Minister of Foreign Affairs, said the two countries signed {n} cooperation agreements on {month} {day}.",
    "Ambassador Константин Внуков said that more than {big} Vietnamese students are studying at {n} universities in Russia this year.",
    "According to the Russian Embassy in Vietnam, Vietnam-Russia trade reached US${money} billion in {year}, up {pct} percent from last year.",
    "Phan Anh Son, President of the Vietnam-Russia Friendship Association, said events will be held from Monday to Thursday next week.",
    "The Vietnam Union of Friendship Organizations and Rosatom opened a nuclear science centre in {month} {year}.",
    "Prime Minister Phạm Minh Chính met President Vladimir Putin at the Kremlin on {month} {day}, {year}.",
    "Vietsovpetro produced {money} million tonnes of oil last year, according to Gazpromviet.",
    "Дмитрий Песков, the Kremlin spokesman, told TASS that the leaders may meet again next year.",
    "In the 1950s, thousands of Vietnamese engineers trained in the Soviet Union, {name} recalled.",
    "The Joint Declaration on the Vietnam-Russia Strategic Partnership was signed on March 1, 2001 in Hanoi.",
    "Delegates from {n} provinces attended the forum organised by the Ministry of Industry and Trade.",
)
MONTHS = ("January", "March", "May", "June", "September", "November")
WEEKDAYS = ("Monday", "Tuesday", "Friday")
NAMES = ("Nguyễn Văn Bình", "Lê Thị Hoa", "Ivan Petrov", "Trần Quốc Vượng", "Olga Smirnova")


def article(seed: int, size: int = 10_000) -> str:
    """A saved page of about ``size`` bytes of article text, unique for ``seed``."""
    rng = random.Random(seed)
    year = rng.randint(2015, 2025)
    paragraphs: list[str] = []
    length = 0
    while length < size:
        sentence = rng.choice(SENTENCES).format(
            weekday=rng.choice(WEEKDAYS),
            n=rng.randint(2, 40),
            big=f"{rng.randint(1, 9)},{rng.randint(100, 999)}",
            month=rng.choice(MONTHS),
            day=rng.randint(1, 28),
            year=rng.randint(1990, 2025),
            money=f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
            pct=rng.randint(1, 30),
            name=rng.choice(NAMES),
        )
        paragraphs.append(f"<p>{sentence} (Report {seed}-{len(paragraphs)}.)</p>")
        length += len(sentence) + 20
    body = "\n".join(paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Vietnam and Russia report {seed} | Bench Courier</title>
<meta property="og:site_name" content="Bench Courier">
<meta property="article:published_time" content="{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> Subscribe</nav>
<article><h1>Vietnam and Russia report {seed}</h1>
{body}
</article><aside><h3>Most read</h3><ul><li>Other news {seed}</li></ul></aside>
<footer>© Bench Courier. All rights reserved.</footer></body></html>
"""


def one_article(work: Path, archive: Path, repeats: int) -> tuple[float, float, int]:
    """(median seconds for read + suggest, seconds to build the archive's context, suggestions)."""
    from tui.core.index.reader import load_knowledge_base
    from tui.ingest.reading import read_article
    from tui.ingest.suggest import build_context, suggest

    path = work / "one.html"
    path.write_text(article(10_001), encoding="utf-8")
    kb = load_knowledge_base(archive)
    started = time.perf_counter()
    context = build_context(kb)
    context_time = time.perf_counter() - started
    read_article(path)  # trafilatura's first call imports and warms its modules
    times = []
    count = 0
    for _ in range(repeats):
        started = time.perf_counter()
        found = suggest(read_article(path), context, "bench")
        times.append(time.perf_counter() - started)
        count = len(found)
    return statistics.median(times), context_time, count


def command(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - started


def main(args: list[str] | None = None) -> int:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args(args)
    vnru = str(Path(sys.executable).with_name("vnru"))
    with tempfile.TemporaryDirectory(prefix="vnru-add-bench-") as temporary:
        work = Path(temporary)
        archive = work / "archive"
        shutil.copytree(REPO / "data", archive)
        suggest_time, context_time, count = one_article(work, archive, options.repeats)
        size = len((work / "one.html").read_bytes())
        print(
            f"one article ({size / 1000:.1f} kB page): read + suggest {suggest_time * 1000:.0f} ms "
            f"(median of {options.repeats}), {count} suggestions; "
            f"archive context {context_time * 1000:.0f} ms"
        )
        dry = command([vnru, "add", str(work / "one.html"), "--data", str(archive), "--dry-run"])
        floor = command([vnru, "--version"])
        print(f"vnru add --dry-run of it: {dry:.2f} s wall (vnru --version: {floor:.2f} s)")
        pages = work / "pages"
        pages.mkdir()
        for number in range(options.articles):
            (pages / f"page-{number:03d}.html").write_text(article(number), encoding="utf-8")
        total = sum(p.stat().st_size for p in pages.iterdir())
        batch = command(
            [
                vnru,
                "add",
                *sorted(str(p) for p in pages.iterdir()),
                "--data",
                str(archive),
                "--no-review",
            ]
        )
        print(
            f"vnru add of {options.articles} articles ({total / 1e6:.1f} MB of pages) "
            f"into a copy of the bundled data: {batch:.1f} s wall"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
