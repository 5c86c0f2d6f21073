"""Stances a delegation can take on a principle, and the consensus statuses they add up to."""

from enum import StrEnum


class Stance(StrEnum):
    SUPPORT = "support"
    SUPPORT_WITH_AMENDMENTS = "support_with_amendments"
    RESERVATION = "reservation"  # needs capital consultation: ad referendum
    ABSTAIN = "abstain"
    OBJECT = "object"

    @property
    def label(self) -> str:
        return STANCE_LABELS[self]

    @property
    def short(self) -> str:
        return STANCE_SHORT[self]


# A delegation without a current stance (none at all, or only one on an older version).
NO_POSITION = "no_position"

STANCE_LABELS = {
    Stance.SUPPORT: "Support",
    Stance.SUPPORT_WITH_AMENDMENTS: "Support with amendments",
    Stance.RESERVATION: "Reservation (ad ref.)",
    Stance.ABSTAIN: "Abstain",
    Stance.OBJECT: "Object",
}

# Two or three letters fit in a matrix cell and read without colour.
STANCE_SHORT = {
    Stance.SUPPORT: "S",
    Stance.SUPPORT_WITH_AMENDMENTS: "S+A",
    Stance.RESERVATION: "RES",
    Stance.ABSTAIN: "ABS",
    Stance.OBJECT: "OBJ",
}

# What each stance means, for a legend that has room to say it.
STANCE_MEANINGS = {
    Stance.SUPPORT: "Support",
    Stance.SUPPORT_WITH_AMENDMENTS: "Support, with amendments proposed",
    Stance.RESERVATION: "Reservation: ad referendum, awaiting instructions from capital",
    Stance.ABSTAIN: "Abstain",
    Stance.OBJECT: "Object: a formal objection",
}
NO_POSITION_LABEL = "No position"
NO_POSITION_SHORT = "None"  # what a table column or a chart segment of no positions is headed
STALE_MEANING = "Stale: given on an older version of the text, so it counts as no position"

# Keys 1-5 in the matrix and the tour de table follow this order.
STANCE_ORDER = tuple(Stance)


class Status(StrEnum):
    AGREED = "agreed"
    NEAR = "near"
    CONTESTED = "contested"
    NOT_DISCUSSED = "not_discussed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def symbol(self) -> str:
        """A sign that tells the statuses apart on a projector or in greyscale."""
        return STATUS_SYMBOL[self]

    @property
    def badge(self) -> str:
        """Symbol and label, as badges and tables show a status: '◐ Near'."""
        return f"{self.symbol} {self.label}"


STATUS_SYMBOL = {
    Status.AGREED: "✔",
    Status.NEAR: "◐",
    Status.CONTESTED: "✖",
    Status.NOT_DISCUSSED: "○",
}


def parse_stance(text: str) -> Stance:
    """The stance named by `text` (its value, e.g. `object`, its label, e.g. `Object`, or its number 1-5)."""
    from .errors import InvalidInput

    value = (text or "").strip().lower().replace("-", "_").replace(" ", "_")
    by_label = {s.label.lower(): s for s in Stance}  # what the app shows is taken back as typed
    if (text or "").strip().lower() in by_label:
        return by_label[(text or "").strip().lower()]
    if value.isdigit() and 1 <= int(value) <= len(STANCE_ORDER):
        return STANCE_ORDER[int(value) - 1]
    try:
        return Stance(value)
    except ValueError:
        names = ", ".join(s.value for s in Stance)
        raise InvalidInput(f"unknown stance {text!r}; choose one of {names}") from None
