"""Generate a large, valid vnru data directory for benchmarks and scale tests.

    python -m benchmarks.generate OUT_DIR --articles 10000 --events 100000 \\
        --people 20000 --agreements 5000 [--organizations N] --seed 1 [--files N]

Articles are 2–12 KB of news prose (mostly English, some sentences in
Vietnamese and Russian; names with their diacritics, a share of Russian names
in Cyrillic); every record cites a real sentence of an article; events link to
people, agreements and organisations; dates spread from 1923 to 2036 at mixed
precision, with ranges and inferred dates; some people share a name (as real
archives do).  The event in the middle of the archive (:func:`edit_target`) is
its earliest, so it is the timeline's first row: a benchmark edits its title
and waits for the new one on screen.  With ``--files N`` every collection,
``sources`` included, is split over N files of its folder.

The archive is written an article at a time (the article, then the records
that quote it), so memory stays flat whatever the size: only the names of the
people, agreements and organisations, which events link to, are held.  The
same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from benchmarks.vocabulary import (
    AGREEMENT_KINDS,
    CITIES,
    CITIES_RU,
    CITIES_VI,
    COMMODITIES,
    ENGLISH,
    FIRST_RU,
    FIRST_VI,
    LAST_RU,
    LAST_VI,
    MIDDLE_VI,
    MONTHS,
    ORGANIZATION_BRANCHES,
    ORGANIZATION_KINDS,
    ORGANIZATION_STEMS,
    OUTLETS,
    ROLES,
    RUSSIAN,
    SUBJECTS,
    SUBJECTS_RU,
    SUBJECTS_VI,
    VIETNAMESE,
)
from tui.core.topics import TOPICS

TOPIC_NAMES = list(TOPICS)
EDIT_TARGET_DATE = "1920-01-15"
"""The date of :func:`edit_target`, before every other event's (1923 onwards)."""


def event_id(index: int) -> str:
    """The id of the event numbered ``index`` (from 0)."""
    return f"e{index:07d}"


def edit_target(events: int) -> str:
    """The id of the event a benchmark edits: the archive's earliest, in its middle file."""
    return event_id(events // 2)


def default_organizations(events: int) -> int:
    """Organisations in proportion to events: one for every 50 (20,000 at 1,000,000)."""
    return max(1, events // 50) if events else 0


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _random_date(rng: random.Random) -> tuple[str, str, str | None]:
    """(partial ISO date or range, certainty, note)."""
    year = int(min(2036, max(1923, rng.triangular(1923, 2036, 2022))))
    roll = rng.random()
    if roll < 0.15:
        return f"{year:04d}", "stated", None
    month = rng.randint(1, 12)
    if roll < 0.35:
        return f"{year:04d}-{month:02d}", "stated", None
    day = rng.randint(1, 28)
    if roll < 0.42 and day < 28:
        end = min(28, day + rng.randint(1, 3))
        return f"{year:04d}-{month:02d}-{day:02d}/{year:04d}-{month:02d}-{end:02d}", "stated", None
    if roll < 0.50:
        return (
            f"{year:04d}-{month:02d}-{day:02d}",
            "inferred",
            "Year inferred from the article's anniversary reference.",
        )
    if roll < 0.55:
        return (
            f"{year:04d}-{month:02d}",
            "approximate",
            "The article says only 'early in the month'.",
        )
    return f"{year:04d}-{month:02d}-{day:02d}", "stated", None


def _date_words(iso: str) -> str:
    start = iso.split("/")[0]
    parts = start.split("-")
    year = parts[0]
    if len(parts) == 1:
        return f"in {year}"
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"in {month} {year}"
    return f"on {month} {int(parts[2])}, {year}"


class _SplitWriter:
    """Records of one collection, written to ``NAME.yaml`` or, with ``files`` > 1,
    spread in order over ``NAME/part-0001.yaml``… (the split layout)."""

    def __init__(self, out: Path, name: str, total: int, files: int) -> None:
        self._out, self._name, self._files = out, name, max(1, files)
        self._total = total
        self._count = 0
        self._path: Path | None = None
        self._file: TextIO | None = None

    def record(self) -> TextIO:
        """The file the next record goes to."""
        path = self.path(self._count)
        if self._file is None or path != self._path:
            self.close()
            path.parent.mkdir(exist_ok=True)
            self._file, self._path = path.open("w", encoding="utf-8"), path
        self._count += 1
        return self._file

    def path(self, index: int) -> Path:
        """The file of the record numbered ``index`` (from 0): the records are
        shared out evenly, so N files each hold ``total / N`` of them, give or take one."""
        if self._files == 1:
            return self._out / f"{self._name}.yaml"
        part = index * self._files // max(1, self._total) + 1
        return self._out / self._name / f"part-{part:04d}.yaml"

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        elif self._count == 0 and self._files == 1:
            (self._out / f"{self._name}.yaml").write_text("[]\n", encoding="utf-8")

    def __enter__(self) -> _SplitWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _spread(rng: random.Random, items: int, bins: int) -> array[int]:
    """How many of ``items`` each of ``bins`` gets, each item to a random bin."""
    counts = array("l", [0]) * bins
    for _ in range(items if bins else 0):
        counts[rng.randrange(bins)] += 1
    return counts


class _Names:
    """The people, agreements and organisations an event may link to: an id and a
    name each, drawn up front (the only state the generator keeps)."""

    def __init__(self, rng: random.Random, people: int, agreements: int, organizations: int):
        self.person_name: list[str] = []
        self.person_country: list[str] = []
        for index in range(people):
            if index % 2:
                name = f"{rng.choice(FIRST_VI)} {rng.choice(MIDDLE_VI)} {rng.choice(LAST_VI)}"
                country = "Vietnam"
            else:
                (first, first_cy), (last, last_cy) = rng.choice(FIRST_RU), rng.choice(LAST_RU)
                # A third of the Russians as Russian outlets write them.
                name = f"{first_cy} {last_cy}" if index % 3 == 0 else f"{first} {last}"
                country = "Russia"
            if index >= 40 and index % 20 == 0:  # deliberate namesakes, as in real archives
                name, country = self.person_name[index - 37], self.person_country[index - 37]
            self.person_name.append(name)
            self.person_country.append(country)
        self.agreement_name: list[str] = []
        for index in range(agreements):
            subject = rng.choice(SUBJECTS[rng.choice(TOPIC_NAMES)])
            kind = rng.choice(AGREEMENT_KINDS)
            self.agreement_name.append(f"{kind.title()} on {subject} No. {index + 1}")
        self.organization_name = [
            f"{rng.choice(ORGANIZATION_STEMS)} {rng.choice(ORGANIZATION_BRANCHES)} {index + 1}"
            for index in range(organizations)
        ]


class _Prose:
    """Sentences of article prose, filled from the vocabulary."""

    def __init__(self, rng: random.Random, names: _Names) -> None:
        self._rng, self._names = rng, names

    def _person(self) -> str:
        names = self._names.person_name
        return self._rng.choice(names) if names else "Nguyễn Văn Sơn"

    def _org(self) -> str:
        names = self._names.organization_name
        return self._rng.choice(names) if names else "Vietsovpetro"

    def sentence(self) -> str:
        rng = self._rng
        roll = rng.random()
        template = rng.choice(ENGLISH if roll < 0.8 else VIETNAMESE if roll < 0.92 else RUSSIAN)
        return template.format(
            city=rng.choice(CITIES),
            subject=rng.choice(SUBJECTS[rng.choice(TOPIC_NAMES)]),
            org=self._org() if "{org}" in template else "",
            person=self._person() if "{person}" in template else "",
            year=rng.randint(1990, 2026),
            number=rng.randint(2, 900),
            percent=rng.randint(3, 60),
            commodity=rng.choice(COMMODITIES),
            month=rng.choice(MONTHS),
            vi_city=rng.choice(CITIES_VI),
            vi_subject=rng.choice(SUBJECTS_VI),
            ru_city=rng.choice(CITIES_RU),
            ru_subject=rng.choice(SUBJECTS_RU),
        )


def generate(
    out: Path,
    *,
    articles: int,
    events: int,
    people: int,
    agreements: int,
    seed: int,
    files: int = 1,
    organizations: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Write the data directory; returns the counts written.

    Args:
        out: the directory to write (created when missing).
        articles: articles, each a text file and a record of ``sources``.
        events: timeline events.
        people: people.
        agreements: agreements.
        seed: the seed of every random choice.
        files: with more than 1, every collection is split over this many files
            of its folder (``events/part-0001.yaml``…).
        organizations: organisations (default: :func:`default_organizations`).
        progress: called with (articles written, articles) now and then.
    """
    rng = random.Random(seed)
    organizations = default_organizations(events) if organizations is None else organizations
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    names = _Names(rng, people, agreements, organizations)
    prose = _Prose(rng, names)
    docs = max(1, articles)
    # Which article quotes each record: drawn up front, then every article is
    # written with the records it holds, in id order.
    quotas = {
        kind: _spread(rng, count, docs)
        for kind, count in (
            ("events", events),
            ("people", people),
            ("agreements", agreements),
            ("organizations", organizations),
        )
    }
    target = edit_target(events)
    next_id = dict.fromkeys(quotas, 0)
    writers = {
        kind: _SplitWriter(out, kind, total, files)
        for kind, total in (
            ("sources", docs),
            ("events", events),
            ("people", people),
            ("agreements", agreements),
            ("organizations", organizations),
        )
    }
    try:
        for doc in range(docs):
            sid = f"s{doc:06d}"
            sentences: list[str] = []
            for _ in range(quotas["people"][doc]):
                sentences.append(_person(writers["people"].record(), names, next_id, sid, rng))
            for _ in range(quotas["agreements"][doc]):
                sentences.append(_agreement(writers["agreements"].record(), names, next_id, sid))
            for _ in range(quotas["organizations"][doc]):
                sentences.append(
                    _organization(writers["organizations"].record(), names, next_id, sid, rng)
                )
            for _ in range(quotas["events"][doc]):
                sentences.append(
                    _event(writers["events"].record(), names, next_id, sid, rng, target)
                )
            _article(out, writers["sources"].record(), sid, sentences, rng, prose)
            if progress is not None and doc % 1000 == 999:
                progress(doc + 1, docs)
    finally:
        for writer in writers.values():
            writer.close()
    return {
        "sources": docs,
        "events": events,
        "people": people,
        "agreements": agreements,
        "organizations": organizations,
    }


def _person(f: TextIO, names: _Names, next_id: dict[str, int], sid: str, rng: random.Random) -> str:
    index = next_id["people"]
    next_id["people"] += 1
    name, country, role = names.person_name[index], names.person_country[index], rng.choice(ROLES)
    quote = f"{name}, {role} of {country}, said that cooperation with the partner country remained a priority for {name.split()[-1]}'s team."
    f.write(f"- id: p{index:06d}\n  name: {_q(name)}\n  country: {country}\n")
    f.write(
        f"  roles:\n    - title: {_q(role)}\n      citations:\n        - source: {sid}\n          quote: {_q(quote)}\n"
    )
    f.write(f"  citations:\n    - source: {sid}\n      quote: {_q(quote)}\n")
    return quote


def _agreement(f: TextIO, names: _Names, next_id: dict[str, int], sid: str) -> str:
    index = next_id["agreements"]
    next_id["agreements"] += 1
    name = names.agreement_name[index]
    kind = name.split(" on ", 1)[0].lower()
    signed = f"{1950 + (index * 7919) % 81:04d}"
    quote = (
        f"The {name} was signed in {signed} and is regularly cited by officials of both countries."
    )
    f.write(
        f"- id: a{index:06d}\n  name: {_q(name)}\n  kind: {kind}\n  parties: [Vietnam, Russia]\n"
    )
    summary = "An agreement between the two countries on " + name.split(" on ", 1)[1] + "."
    f.write(f'  signed: "{signed}"\n  summary: {_q(summary)}\n')
    f.write(f"  citations:\n    - source: {sid}\n      quote: {_q(quote)}\n")
    return quote


def _organization(
    f: TextIO, names: _Names, next_id: dict[str, int], sid: str, rng: random.Random
) -> str:
    index = next_id["organizations"]
    next_id["organizations"] += 1
    name = names.organization_name[index]
    kind, country = rng.choice(ORGANIZATION_KINDS)
    quote = f"Representatives of {name} took part in the meeting and presented their plans for the coming year."
    f.write(f"- id: o{index:06d}\n  name: {_q(name)}\n  kind: {kind}\n")
    if country:
        f.write(f"  country: {country}\n")
    f.write(f"  description: {_q(f'A {kind} working between Vietnam and Russia.')}\n")
    f.write(f"  citations:\n    - source: {sid}\n      quote: {_q(quote)}\n")
    return quote


def _event(
    f: TextIO,
    names: _Names,
    next_id: dict[str, int],
    sid: str,
    rng: random.Random,
    target: str,
) -> str:
    index = next_id["events"]
    next_id["events"] += 1
    eid = event_id(index)
    date, certainty, note = _random_date(rng)
    if eid == target:
        date, certainty, note = EDIT_TARGET_DATE, "stated", None
    topic = rng.choice(TOPIC_NAMES)
    subject = rng.choice(SUBJECTS[topic])
    city = rng.choice(CITIES)
    people = len(names.person_name)
    linked = [rng.randrange(people) for _ in range(rng.choice((0, 1, 1, 2, 3)))] if people else []
    agreements = len(names.agreement_name)
    agreement = rng.randrange(agreements) if agreements and rng.random() < 0.3 else None
    organizations = len(names.organization_name)
    organization = rng.randrange(organizations) if organizations and rng.random() < 0.2 else None
    who = names.person_name[linked[0]] if linked else "Officials of the two countries"
    when = _date_words(date)
    quote = f"{when[0].upper()}{when[1:]}, {who} held talks in {city} on {subject}, event {index + 1} of the archive."
    topics = [topic] + ([rng.choice(TOPIC_NAMES)] if rng.random() < 0.2 else [])
    f.write(f'- id: {eid}\n  date: "{date}"\n')
    if certainty != "stated":
        f.write(f"  date_certainty: {certainty}\n  date_note: {_q(str(note))}\n")
    f.write(f"  title: {_q(f'Talks in {city} on {subject}')}\n")
    f.write(
        f"  description: {_q(f'Delegations met in {city} to discuss {subject}; record {index + 1}.')}\n"
    )
    f.write(f"  topics: [{', '.join(dict.fromkeys(topics))}]\n")
    if linked:
        f.write(f"  people: [{', '.join(dict.fromkeys(f'p{p:06d}' for p in linked))}]\n")
    if agreement is not None:
        f.write(f"  agreements: [a{agreement:06d}]\n")
    if organization is not None:
        f.write(f"  organizations: [o{organization:06d}]\n")
    if int(date[:4]) > 2026:
        f.write("  planned: true\n")
    f.write(f"  citations:\n    - source: {sid}\n      quote: {_q(quote)}\n")
    return quote


def _article(
    out: Path, f: TextIO, sid: str, quoted: list[str], rng: random.Random, prose: _Prose
) -> None:
    """Write the article ``sid`` (its quoted sentences among prose) and its record."""
    size = int(rng.triangular(2000, 12000, 3500))
    body = list(quoted)
    length = sum(len(s) + 1 for s in body)
    while length < size:
        sentence = prose.sentence()
        body.append(sentence)
        length += len(sentence) + 1
    rng.shuffle(body)
    subject = rng.choice(SUBJECTS[rng.choice(TOPIC_NAMES)])
    title = f"Vietnam and Russia discuss {subject} ({sid})"
    paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    text = title + "\n\n" + "\n\n".join(paragraphs) + "\n\nRelated\n\nHit Counter\n"
    (out / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    f.write(f"- id: {sid}\n  file: sources/{sid}.txt\n  title: {_q(title)}\n")
    f.write(f'  outlet: {_q(rng.choice(OUTLETS))}\n  published: "{rng.randint(1990, 2026):04d}"\n')


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--agreements", type=int, default=50)
    parser.add_argument(
        "--organizations", type=int, default=None, help="default: one for every 50 events"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--files", type=int, default=1, help="split every collection (sources too) over N files"
    )
    args = parser.parse_args(argv)

    def report(done: int, total: int) -> None:
        if done % 10_000 == 0:
            print(f"{done:,} of {total:,} articles", file=sys.stderr)

    counts = generate(
        args.out,
        articles=args.articles,
        events=args.events,
        people=args.people,
        agreements=args.agreements,
        organizations=args.organizations,
        seed=args.seed,
        files=args.files,
        progress=report,
    )
    print(f"wrote {args.out}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
