"""The closed set of timeline topics and their labels (no pydantic: the UI draws them early)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

Topic = Literal[
    "diplomacy",
    "trade-economy",
    "energy",
    "defence-security",
    "education-culture",
    "science-technology",
    "health",
]
"""The closed set of timeline topics."""

TOPICS: tuple[Topic, ...] = get_args(Topic)
"""The topics, in the order pickers list them."""

TOPIC_LABELS: dict[str, str] = {
    "diplomacy": "Diplomacy",
    "trade-economy": "Trade & economy",
    "energy": "Energy",
    "defence-security": "Defence & security",
    "education-culture": "Education & culture",
    "science-technology": "Science & technology",
    "health": "Health",
}


def topic_mask(topics: Iterable[str]) -> int:
    """The bits of ``topics``, one per entry of :data:`TOPICS` (0 for none or an
    unknown topic, which then matches nothing)."""
    mask = 0
    for topic in topics:
        if topic in _TOPIC_BITS:
            mask |= _TOPIC_BITS[topic]
    return mask


_TOPIC_BITS = {topic: 1 << number for number, topic in enumerate(TOPICS)}
