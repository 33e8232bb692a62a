"""Generate a large, valid vnru data directory for benchmarks and scale tests.

    python -m benchmarks.generate OUT_DIR --articles 10000 --events 100000 \
        --people 20000 --agreements 5000 --seed 1

Articles are ~5 KB of plausible news prose; every record cites a real sentence
of an article; events link to people and agreements; dates spread from 1923 to
2036 at mixed precision, with ranges and inferred dates; some people share a
name (as real archives do).  The same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tui.core.models import TOPICS as MODEL_TOPICS

FIRST_VI = [
    "Nguyen",
    "Tran",
    "Le",
    "Pham",
    "Hoang",
    "Phan",
    "Vu",
    "Dang",
    "Bui",
    "Do",
    "Ho",
    "Ngo",
    "Duong",
    "Ly",
]
MIDDLE_VI = [
    "Van",
    "Thi",
    "Minh",
    "Duc",
    "Xuan",
    "Anh",
    "Thanh",
    "Quoc",
    "Huu",
    "Ngoc",
    "Dinh",
    "Tuan",
]
LAST_VI = [
    "An",
    "Binh",
    "Chinh",
    "Dung",
    "Giang",
    "Hai",
    "Hung",
    "Khoi",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phuc",
    "Quang",
    "Son",
    "Thao",
    "Trong",
    "Tu",
    "Viet",
    "Yen",
]
FIRST_RU = [
    "Aleksandr",
    "Alexei",
    "Anatoly",
    "Andrei",
    "Boris",
    "Dmitry",
    "Gennady",
    "Igor",
    "Ivan",
    "Konstantin",
    "Maria",
    "Mikhail",
    "Natalia",
    "Nikolai",
    "Olga",
    "Sergei",
    "Tatiana",
    "Vladimir",
    "Vyacheslav",
    "Yuri",
]
LAST_RU = [
    "Ivanov",
    "Petrov",
    "Sokolov",
    "Smirnov",
    "Kuznetsov",
    "Popov",
    "Vasiliev",
    "Morozov",
    "Novikov",
    "Volkov",
    "Lebedev",
    "Kozlov",
    "Orlov",
    "Zakharov",
    "Peskov",
    "Murashkin",
    "Kharinov",
    "Bezdetko",
    "Vnukov",
    "Titov",
]
ROLES = [
    "Ambassador",
    "Deputy Minister",
    "Trade Representative",
    "Director",
    "spokesperson",
    "Governor",
    "Chairman",
    "professor",
    "Deputy Prime Minister",
    "Minister",
]
CITIES = [
    "Hanoi",
    "Moscow",
    "Ho Chi Minh City",
    "Saint Petersburg",
    "Da Nang",
    "Vladivostok",
    "Hai Phong",
    "Kazan",
    "Nha Trang",
    "Novosibirsk",
]
TOPICS = list(MODEL_TOPICS)
SUBJECTS = {
    "diplomacy": [
        "political dialogue",
        "strategic consultations",
        "high-level visits",
        "parliamentary exchanges",
    ],
    "trade-economy": [
        "bilateral trade",
        "investment flows",
        "customs cooperation",
        "agricultural exports",
    ],
    "energy": [
        "oil and gas exploration",
        "liquefied natural gas supply",
        "nuclear power training",
        "renewable energy",
    ],
    "defence-security": [
        "defence cooperation",
        "maritime security",
        "military technology",
        "law enforcement",
    ],
    "education-culture": [
        "student scholarships",
        "university partnerships",
        "cultural festivals",
        "language teaching",
    ],
    "science-technology": [
        "joint research",
        "space cooperation",
        "information technology",
        "tropical research",
    ],
    "health": [
        "vaccine supply",
        "medical training",
        "pharmaceutical production",
        "hospital partnerships",
    ],
}
AGREEMENT_KINDS = [
    "treaty",
    "joint statement",
    "statement",
    "convention",
    "group of agreements",
    "joint declaration",
]
FILLER = [
    "Observers noted that the talks took place in a warm and friendly atmosphere.",
    "Both sides stressed the importance of implementing the agreements already reached.",
    "The meeting also reviewed progress since the previous session of the intergovernmental commission.",
    "Participants exchanged views on regional and international issues of mutual concern.",
    "Officials said the next round of consultations would be held in the coming months.",
    "Experts believe there is still considerable room to expand cooperation in this field.",
    "Business representatives called for simpler procedures and better logistics between the two countries.",
    "The delegation also visited several enterprises and research institutes during the trip.",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class Article:
    """One generated article: its sentences, and which are free for citing."""

    id: str
    title: str
    year: int
    sentences: list[str] = field(default_factory=list)


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
    if roll < 0.42:
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
        self._per_file = max(1, -(-total // self._files))
        self._count = 0
        self._file: TextIO | None = None

    def record(self) -> TextIO:
        """The file the next record goes to."""
        if self._file is None or (self._files > 1 and self._count % self._per_file == 0):
            self.close()
            if self._files == 1:
                path = self._out / f"{self._name}.yaml"
            else:
                (self._out / self._name).mkdir(exist_ok=True)
                path = self._out / self._name / f"part-{self._count // self._per_file + 1:04d}.yaml"
            self._file = path.open("w", encoding="utf-8")
        self._count += 1
        return self._file

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


def generate(
    out: Path,
    *,
    articles: int,
    events: int,
    people: int,
    agreements: int,
    seed: int,
    files: int = 1,
) -> dict[str, int]:
    """Write the data directory; returns the counts written.  With ``files`` > 1
    the events, people and agreements are each split over that many files."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)

    # People first: names (with deliberate collisions) and a role each.
    person_rows: list[tuple[str, str, str, str]] = []  # id, name, country, role
    for index in range(people):
        if index % 2:
            name = f"{rng.choice(FIRST_VI)} {rng.choice(MIDDLE_VI)} {rng.choice(LAST_VI)}"
            country = "Vietnam"
        else:
            name = f"{rng.choice(FIRST_RU)} {rng.choice(LAST_RU)}"
            country = "Russia"
        if index >= 40 and index % 20 == 0:  # deliberate namesakes, as in real archives
            name, country = person_rows[index - 37][1], person_rows[index - 37][2]
        person_rows.append((f"p{index:06d}", name, country, rng.choice(ROLES)))
    agreement_rows: list[tuple[str, str, str, str]] = []  # id, name, kind, signed
    for index in range(agreements):
        topic = rng.choice(TOPICS)
        subject = rng.choice(SUBJECTS[topic])
        kind = rng.choice(AGREEMENT_KINDS)
        year = rng.randint(1950, 2030)
        name = f"{kind.title()} on {subject} No. {index + 1}"
        agreement_rows.append((f"a{index:05d}", name, kind, f"{year:04d}"))

    # Articles: sentences mentioning people, agreements and events, plus filler.
    docs = [Article(f"s{index:05d}", "", 0) for index in range(max(1, articles))]
    person_quote: list[tuple[str, str]] = []
    for _pid, name, country, role in person_rows:
        doc = rng.choice(docs)
        sentence = f"{name}, {role} of {country}, said that cooperation with the partner country remained a priority for {name.split()[-1]}'s team."
        doc.sentences.append(sentence)
        person_quote.append((doc.id, sentence))
    agreement_quote: list[tuple[str, str]] = []
    for _aid, name, _kind, signed in agreement_rows:
        doc = rng.choice(docs)
        sentence = f"The {name} was signed in {signed} and is regularly cited by officials of both countries."
        doc.sentences.append(sentence)
        agreement_quote.append((doc.id, sentence))

    event_rows: list[dict[str, object]] = []
    for index in range(events):
        date, certainty, note = _random_date(rng)
        topic = rng.choice(TOPICS)
        subject = rng.choice(SUBJECTS[topic])
        city = rng.choice(CITIES)
        linked_people = (
            [person_rows[rng.randrange(people)] for _ in range(rng.choice((0, 1, 1, 2, 3)))]
            if people
            else []
        )
        linked_agreement = (
            agreement_rows[rng.randrange(agreements)] if agreements and rng.random() < 0.3 else None
        )
        who = linked_people[0][1] if linked_people else "Officials of the two countries"
        sentence = f"{_date_words(date).capitalize()}, {who} held talks in {city} on {subject}, event {index + 1} of the archive."
        doc = rng.choice(docs)
        doc.sentences.append(sentence)
        row: dict[str, object] = {
            "id": f"e{index:06d}",
            "date": date,
            "certainty": certainty,
            "note": note,
            "title": f"Talks in {city} on {subject}",
            "description": f"Delegations met in {city} to discuss {subject}; record {index + 1}.",
            "topics": [topic] + ([rng.choice(TOPICS)] if rng.random() < 0.2 else []),
            "people": list(dict.fromkeys(p[0] for p in linked_people)),
            "agreements": [linked_agreement[0]] if linked_agreement else [],
            "source": doc.id,
            "quote": sentence,
            "planned": int(date[:4]) > 2026,
        }
        event_rows.append(row)

    # Pad each article to ~5 KB with filler, shuffle, and write it out.
    for doc in docs:
        doc.year = rng.randint(1990, 2026)
        subject = rng.choice(SUBJECTS[rng.choice(TOPICS)])
        doc.title = f"Vietnam and Russia discuss {subject} ({doc.id})"
        body = list(doc.sentences)
        while sum(len(s) + 1 for s in body) < 5000:
            body.append(rng.choice(FILLER))
        rng.shuffle(body)
        paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
        text = doc.title + "\n\n" + "\n\n".join(paragraphs) + "\n\nRelated\n\nHit Counter\n"
        (out / "sources" / f"{doc.id}.txt").write_text(text, encoding="utf-8")

    with (out / "sources.yaml").open("w", encoding="utf-8") as f:
        for doc in docs:
            f.write(f"- id: {doc.id}\n  file: sources/{doc.id}.txt\n  title: {_q(doc.title)}\n")
            f.write(f'  outlet: Generated\n  published: "{doc.year:04d}"\n')
    with _SplitWriter(out, "people", len(person_rows), files) as split:
        for (pid, name, country, role), (sid, quote) in zip(person_rows, person_quote, strict=True):
            f = split.record()
            f.write(f"- id: {pid}\n  name: {_q(name)}\n  country: {country}\n")
            f.write(
                f"  roles:\n    - title: {_q(role)}\n      citations:\n        - source: {sid}\n          quote: {_q(quote)}\n"
            )
            f.write(f"  citations:\n    - source: {sid}\n      quote: {_q(quote)}\n")
    with _SplitWriter(out, "agreements", len(agreement_rows), files) as split:
        for (aid, name, kind, signed), (sid, quote) in zip(
            agreement_rows, agreement_quote, strict=True
        ):
            f = split.record()
            f.write(
                f"- id: {aid}\n  name: {_q(name)}\n  kind: {kind}\n  parties: [Vietnam, Russia]\n"
            )
            f.write(
                f'  signed: "{signed}"\n  summary: {_q("An agreement between the two countries on " + name.split(" on ", 1)[1] + ".")}\n'
            )
            f.write(f"  citations:\n    - source: {sid}\n      quote: {_q(quote)}\n")
    with _SplitWriter(out, "events", len(event_rows), files) as split:
        for row in event_rows:
            f = split.record()
            f.write(f'- id: {row["id"]}\n  date: "{row["date"]}"\n')
            if row["certainty"] != "stated":
                f.write(
                    f"  date_certainty: {row['certainty']}\n  date_note: {_q(str(row['note']))}\n"
                )
            f.write(
                f"  title: {_q(str(row['title']))}\n  description: {_q(str(row['description']))}\n"
            )
            f.write(f"  topics: [{', '.join(row['topics'])}]\n")  # type: ignore[arg-type]
            if row["people"]:
                f.write(f"  people: [{', '.join(row['people'])}]\n")  # type: ignore[arg-type]
            if row["agreements"]:
                f.write(f"  agreements: [{', '.join(row['agreements'])}]\n")  # type: ignore[arg-type]
            if row["planned"]:
                f.write("  planned: true\n")
            f.write(
                f"  citations:\n    - source: {row['source']}\n      quote: {_q(str(row['quote']))}\n"
            )
    (out / "organizations.yaml").write_text("[]\n", encoding="utf-8")
    return {"sources": len(docs), "events": events, "people": people, "agreements": agreements}


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
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--files", type=int, default=1, help="split events, people and agreements over N files each"
    )
    args = parser.parse_args(argv)
    counts = generate(
        args.out,
        articles=args.articles,
        events=args.events,
        people=args.people,
        agreements=args.agreements,
        seed=args.seed,
        files=args.files,
    )
    print(f"wrote {args.out}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
