"""Names: existing records found through folding, ambiguity flagged, new names filtered."""

from __future__ import annotations

from tui.ingest.names import Named, NameMatcher, guess_kind, new_names

MATCHER = NameMatcher(
    [
        Named("dang-minh-khoi", "person", ("Dang Minh Khoi", "Ambassador Dang Minh Khoi")),
        Named("sergey-lavrov", "person", ("Sergey Lavrov", "Lavrov")),
        Named("vufo", "organization", ("Vietnam Union of Friendship Organizations", "VUFO")),
        Named("vietnam", "organization", ("Vietnam",)),
        Named("nguyen-van-a", "person", ("Nguyen Van A", "Mr. Nguyen")),
        Named("nguyen-thi-b", "person", ("Nguyen Thi B", "Mr. Nguyen")),
    ]
)


def found(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(hit.name, hit.ids) for hit in MATCHER.find(text)]


def test_accents_are_ignored() -> None:
    assert found("Đặng Minh Khôi spoke.") == [("Đặng Minh Khôi", ("dang-minh-khoi",))]


def test_decomposed_accents_are_ignored_too() -> None:
    text = "Ðặng Minh Khôi spoke.".replace("ặ", "a\u0323\u0306")  # NFD-style marks
    assert found(text)[0][1] == ("dang-minh-khoi",)


def test_cyrillic_is_matched_through_its_transliteration() -> None:
    assert found("Сергей Лавров прибыл.") == [("Сергей Лавров", ("sergey-lavrov",))]


def test_case_is_ignored_but_short_acronyms_need_capitals() -> None:
    assert found("the vietnam union of friendship organizations") == [
        ("vietnam union of friendship organizations", ("vufo",))
    ]
    assert found("VUFO said") == [("VUFO", ("vufo",))]
    assert found("vufo said") == []


def test_the_longest_name_wins() -> None:
    """'Vietnam' inside 'Vietnam Union of Friendship Organizations' is not a second hit."""
    assert found("The Vietnam Union of Friendship Organizations met.") == [
        ("Vietnam Union of Friendship Organizations", ("vufo",))
    ]
    assert found("Ambassador Dang Minh Khoi said") == [
        ("Ambassador Dang Minh Khoi", ("dang-minh-khoi",))
    ]


def test_an_alias_of_two_records_is_ambiguous() -> None:
    assert found("Mr. Nguyen said so.") == [("Mr. Nguyen", ("nguyen-thi-b", "nguyen-van-a"))]


def test_a_word_inside_a_longer_name_is_not_a_match() -> None:
    assert found("Lavrov Street is long. Lavrov came.") == [("Lavrov", ("sergey-lavrov",))]


def names(text: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    return [name for _a, _b, name in new_names(text, 0, len(text), known=[], ignore=ignore)]


def test_new_names_lose_titles_and_split_on_and() -> None:
    text = "Russian Foreign Minister Sergey Lavrov and Deputy Prime Minister Trần Hồng Hà met."
    assert names(text) == ["Sergey Lavrov", "Trần Hồng Hà"]


def test_months_weekdays_and_sentence_starts_are_not_names() -> None:
    assert names("On Monday, November 29, The Talks began.") == []
    assert names("In March Hanoi hosted it.") == []


def test_cyrillic_new_names_are_found() -> None:
    assert names("Ambassador Константин Внуков said") == ["Константин Внуков"]


def test_outlet_names_are_ignored() -> None:
    assert names("Hanoi Courier reported", frozenset({"hanoi courier"})) == []


def test_organisation_names_keep_their_and() -> None:
    assert names("the Ministry of Industry and Trade said") == ["Ministry of Industry and Trade"]


def test_an_agreement_on_something_is_one_name() -> None:
    """'on' joins the words of an agreement's or a committee's name, and no other."""
    assert names(
        "The Joint Declaration on the Vietnam-Russia Strategic Partnership was signed"
    ) == ["Joint Declaration on the Vietnam-Russia Strategic Partnership"]
    assert names("the Committee on Foreign Affairs met") == ["Committee on Foreign Affairs"]
    assert names("Nguyen Van An on Friday met Sergei Ivanov") == ["Nguyen Van An", "Sergei Ivanov"]
    assert names("Le Minh Tri on Vietnam Airlines") == ["Le Minh Tri", "Vietnam Airlines"]


def test_kinds_are_guessed_from_the_words() -> None:
    assert guess_kind("Ministry of Industry and Trade") == "organization"
    assert guess_kind("Treaty of Friendship") == "agreement"
    # A partnership is declared, as the curated agreements record it, never a person:
    assert guess_kind("Vietnam-Russia Strategic Partnership") == "agreement"
    assert guess_kind("Ho Chi Minh City") == "place"
    assert guess_kind("Trần Hồng Hà") == "person"
