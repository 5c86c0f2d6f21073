"""The demo roundtable: built from the seed report, word for word where the report speaks,
and labelled as invented where it does not.

The seed's facts are parsed here from tests/data/seed_report.txt, independently of
resources/demo.json, so a drift in either shows up.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from qroundtable.cli import cli
from qroundtable.demo import build_demo, demo_data

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEED = TESTS / "data" / "seed_report.txt"
SHARED_SEED = REPO.parent / "shared" / "seeds" / "000_deaef4ef2796e198.txt"


# -- what the seed says -------------------------------------------------------------------------


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_principles() -> dict[int, str]:
    """The numbered list that follows "draft guiding principles" in the report."""
    text = seed_text()
    start = text.index("draft guiding principles")
    lines = text[start:].splitlines()[1:]
    found: dict[int, str] = {}
    for line in lines:
        if not line.strip():
            if found:
                break
            continue
        match = re.fullmatch(r"(\d+)\. (.+)", line.strip())
        if match is None:
            break
        found[int(match.group(1))] = match.group(2).strip()
    return found


def seed_partner_countries() -> set[str]:
    """The countries with bilateral quantum cooperation statements, as the report lists them."""
    match = re.search(r"bilateral quantum cooperation statements that the United States has signed with ([^.]+)\.",
                      seed_text())
    assert match, "the seed no longer names the partner countries"
    names = re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group(1))
    return {re.sub(r"^the\s+", "", n.strip()) for n in names if n.strip()}


def test_seed_copy_matches_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip(f"{SHARED_SEED} is not present in this checkout")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_parsing_finds_what_the_report_says():
    principles = seed_principles()
    assert sorted(principles) == list(range(1, 8))
    assert principles[1].startswith("Promote scientific collaboration")
    assert principles[7] == "Encourage the discovery of QIST use cases for the benefit of society."
    assert len(seed_partner_countries()) == 11


# -- the demo file ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    rt = build_demo(tmp_path_factory.mktemp("demo") / "demo.qrt")
    yield rt
    rt.close()


def test_title_is_the_roundtables(demo):
    assert demo.info.title == "Pursuing Quantum Information Together: 2^N vs 2N"
    # The report writes the exponent as HTML: 2<sup>N</sup>.
    seed_title = re.search(r"\*Pursuing Quantum Information Together: ([^*]+)\*", seed_text()).group(1)
    assert demo.info.title.endswith(seed_title.replace("<sup>N</sup>", "^N"))
    assert demo.info.consensus_rule == "consensus"


def test_delegations_are_the_partners_and_the_us_secretariat(demo):
    delegations = demo.delegations.list()
    assert len(delegations) == 12
    by_code = {d.code: d.name for d in delegations}
    assert by_code.pop("US") == "United States"
    assert demo.info.secretariat == "US" and demo.info.is_secretariat
    assert set(by_code.values()) == seed_partner_countries()
    assert set(by_code) == {"AU", "DK", "FI", "FR", "DE", "JP", "KR", "NL", "SE", "CH", "GB"}


def test_two_meetings_inaugural_2022_and_october_2023(demo):
    inaugural, october = demo.meetings.list()
    assert inaugural.date.startswith("2022-")
    assert "inaugural" in inaugural.title.lower()
    assert october.date.startswith("2023-10-")
    assert set(october.hosts) == {"DK", "NL"}
    assert "Denmark" in october.place and "Netherlands" in october.place
    assert demo.meetings.latest() == october
    # The seed gives no attendance list: the demo's is marked illustrative.
    for m in (inaugural, october):
        assert m.attending and "illustrative" in m.summary.lower()


def test_principles_version_1_is_the_seed_word_for_word(demo):
    seed = seed_principles()
    principles = demo.principles.list()
    assert [p.number for p in principles] == list(range(1, 8))
    for p in principles:
        first = demo.principles.versions(p.number)[0]
        assert first.seq == 1
        assert first.text == seed[p.number], f"principle {p.number}"


def test_only_principle_5_was_revised(demo):
    seed = seed_principles()
    for p in demo.principles.list():
        if p.number == 5:
            assert p.current.seq == 2 and p.text != seed[5]
            assert "illustrative" in p.current.note.lower()
        else:
            assert p.current.seq == 1
            assert p.text == seed[p.number], f"principle {p.number}"


def test_statuses_are_spread(demo):
    statuses = {c.principle: c.status.value for c in demo.consensus()}
    assert {"agreed", "near", "contested"} <= set(statuses.values())
    assert "not_discussed" in statuses.values()


def test_there_is_a_stale_position(demo):
    stale = [p for p in demo.positions.list() if p.stale]
    assert stale
    for p in stale:
        assert p.version_seq < demo.principles.get(p.principle).current.seq
    # A stale stance does not count: the delegation is missing from that principle's consensus.
    results = {c.principle: c for c in demo.consensus()}
    assert all(p.delegation in results[p.principle].missing for p in stale)


def test_a_current_text_is_bracketed(demo):
    bracketed = [p for p in demo.principles.list() if p.current.brackets > 0]
    assert [p.number for p in bracketed] == [5]
    assert "[" in bracketed[0].text and "]" in bracketed[0].text


def test_a_silence_procedure(demo):
    [silence] = demo.principles.silences()
    assert silence.state == "open"
    result = {c.principle: c for c in demo.consensus()}[silence.principle]
    assert result.silence_deadline == silence.deadline
    assert result.by_silence and result.status.value == "agreed"  # its deadline passed without an objection


def test_two_proposed_amendments(demo):
    amendments = demo.amendments.list()
    proposed = [a for a in amendments if a.state.value == "proposed"]
    assert len(proposed) >= 2
    assert len({a.principle for a in proposed}) == len(proposed)
    for a in proposed:
        assert a.text != demo.principles.get(a.principle).text


def test_action_items(demo):
    actions = demo.actions.list()
    assert len(actions) >= 5
    codes = set(demo.delegations.codes())
    assert all(a.owner in codes and a.due for a in actions)
    assert len({a.status.value for a in actions}) >= 2
    assert any("recommendation" in a.detail.lower() for a in actions)  # drawn from the report


def test_a_fresh_demo_has_nothing_to_undo_or_send(demo):
    assert demo.undo_label() is None
    assert demo.unsent_count() == 0


# -- the invented parts are labelled ------------------------------------------------------------


def test_demo_json_says_what_is_illustrative():
    data = demo_data()
    note = data["illustrative"].lower()
    assert "no country's position" in note
    for word in ("position", "amendment", "action", "invented", "illustration"):
        assert word in note
    assert "NSTC" in data["source"] and "2024" in data["source"]
    for a in data["amendments"]:
        assert "illustrative" in a["rationale"].lower()


def test_demo_json_on_disk_is_what_the_package_loads():
    on_disk = json.loads((REPO / "resources" / "demo.json").read_text(encoding="utf-8"))
    assert on_disk == demo_data()


def test_cli_demo_message_labels_the_invention(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "demo.qrt"), "demo"])
    assert result.exit_code == 0, result.output
    assert "invented for illustration" in result.stdout
    assert "12 delegations" in result.stdout and "7 principles" in result.stdout
    help_text = CliRunner().invoke(cli, ["demo", "--help"]).stdout
    assert "invented for illustration" in " ".join(help_text.split())
