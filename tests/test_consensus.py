"""Tests of the consensus rules, the silence procedure and rule parsing."""

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qroundtable.consensus import (
    CONSENSUS,
    ConsensusResult,
    Given,
    Rule,
    Silence,
    consensus_status,
    parse_rule,
    status_rank,
)
from qroundtable.errors import InvalidInput
from qroundtable.stances import NO_POSITION, Stance, Status

S = Stance.SUPPORT
SA = Stance.SUPPORT_WITH_AMENDMENTS
RES = Stance.RESERVATION
ABS = Stance.ABSTAIN
OBJ = Stance.OBJECT

V1, V2 = "v1", "v2"
MINUS_ONE = Rule("consensus_minus_one")
NOW = datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc)
ALL_KEYS = {s.value for s in Stance} | {NO_POSITION}


def on_current(**stances):
    """Positions given on the current version V2, keyed by delegation code."""
    return {code: Given(stance, V2) for code, stance in stances.items()}


def status(positions, expected=None, rule=CONSENSUS, **kw):
    expected = set(positions) if expected is None else expected
    return consensus_status(positions, expected, V2, rule, **kw).status


# --- rule: consensus -------------------------------------------------------


def test_consensus_agreed_when_everyone_supports_or_abstains():
    result = consensus_status(on_current(AR=S, BR=S, CL=ABS), {"AR", "BR", "CL"}, V2)
    assert result.status is Status.AGREED
    assert result.counts == {**dict.fromkeys(ALL_KEYS, 0), "support": 2, "abstain": 1}
    assert result.missing == ()
    assert result.objecting == ()
    assert result.by_silence is False


def test_abstain_only_is_agreed_under_consensus():
    assert status(on_current(AR=ABS, BR=ABS)) is Status.AGREED


@pytest.mark.parametrize("blocking", [SA, RES])
def test_consensus_near_on_amendments_or_reservation(blocking):
    assert status(on_current(AR=S, BR=blocking, CL=S)) is Status.NEAR


def test_consensus_near_when_an_expected_delegation_has_not_spoken():
    result = consensus_status(on_current(AR=S, BR=S), {"AR", "BR", "CL"}, V2)
    assert result.status is Status.NEAR
    assert result.missing == ("CL",)
    assert result.counts[NO_POSITION] == 1


def test_consensus_contested_on_one_object():
    result = consensus_status(on_current(AR=S, BR=OBJ, CL=S, DZ=OBJ), {"AR", "BR", "CL", "DZ"}, V2)
    assert result.status is Status.CONTESTED
    assert result.objecting == ("BR", "DZ")
    assert result.counts["object"] == 2


def test_consensus_not_discussed_without_current_stances():
    result = consensus_status({}, {"AR", "BR"}, V2)
    assert result.status is Status.NOT_DISCUSSED
    assert result.missing == ("AR", "BR")
    assert result.counts == {**dict.fromkeys(ALL_KEYS, 0), NO_POSITION: 2}


# --- rule: consensus_minus_one ----------------------------------------------


def test_minus_one_without_object_behaves_like_consensus():
    assert status(on_current(AR=S, BR=S), rule=MINUS_ONE) is Status.AGREED
    assert status(on_current(AR=S, BR=RES), rule=MINUS_ONE) is Status.NEAR
    assert status({}, {"AR"}, rule=MINUS_ONE) is Status.NOT_DISCUSSED


def test_minus_one_single_object_is_near():
    result = consensus_status(on_current(AR=S, BR=S, CL=OBJ), {"AR", "BR", "CL"}, V2, MINUS_ONE)
    assert result.status is Status.NEAR
    assert result.objecting == ("CL",)


def test_minus_one_two_objects_are_contested():
    assert status(on_current(AR=S, BR=OBJ, CL=OBJ), rule=MINUS_ONE) is Status.CONTESTED


# --- rule: majority ----------------------------------------------------------


def ten(favour: int, objecting: int = 0):
    """Ten current positions: `favour` in favour, `objecting` objections, abstentions for the rest."""
    stances = [S] * favour + [OBJ] * objecting + [ABS] * (10 - favour - objecting)
    return {f"D{i}": Given(s, V2) for i, s in enumerate(stances)}


@pytest.mark.parametrize(
    ("favour", "expected"),
    [(6, Status.NEAR), (7, Status.AGREED), (8, Status.AGREED)],
    ids=["just-below", "at", "above"],
)
def test_majority_threshold(favour, expected):
    assert status(ten(favour), rule=Rule("majority", 70)) is expected


def test_majority_below_threshold_with_object_is_contested():
    assert status(ten(6, objecting=1), rule=Rule("majority", 70)) is Status.CONTESTED
    assert status(ten(6, objecting=0), rule=Rule("majority", 70)) is Status.NEAR


def test_majority_reached_despite_an_object_is_agreed():
    assert status(ten(7, objecting=3), rule=Rule("majority", 70)) is Status.AGREED


def test_majority_counts_amendments_in_favour_and_abstentions_in_the_total():
    positions = on_current(AR=S, BR=SA, CL=ABS, DZ=RES)
    assert status(positions, rule=parse_rule("majority:50")) is Status.AGREED
    assert status(positions, rule=parse_rule("majority:50.1")) is Status.NEAR


def test_majority_ignores_expected_delegations_without_a_stance():
    # 2 of 3 current stances (the fourth has none): 66.67 % clears 66.6 but not 66.7.
    positions = on_current(AR=S, BR=S, CL=RES)
    expected = {"AR", "BR", "CL", "DZ"}
    assert status(positions, expected, rule=parse_rule("majority:66.6")) is Status.AGREED
    assert status(positions, expected, rule=parse_rule("majority:66.7")) is Status.NEAR


def test_majority_decimal_threshold_is_exact():
    # 667 of 1000 is exactly 66.7 %: agreed; 666 of 1000 is not.
    expected = {f"D{i:04}" for i in range(1000)}
    codes = sorted(expected)
    at = {c: Given(S if i < 667 else ABS, V2) for i, c in enumerate(codes)}
    below = {c: Given(S if i < 666 else ABS, V2) for i, c in enumerate(codes)}
    assert status(at, expected, rule=parse_rule("majority:66.7")) is Status.AGREED
    assert status(below, expected, rule=parse_rule("majority:66.7")) is Status.NEAR


@pytest.mark.parametrize(
    ("percent", "total", "favour"),
    # 9/125*100 gives 7.1999... and 8.8*375 gives 3300.0000000000005 in floats
    [("66.7", 1000, 667), ("7.2", 125, 9), ("8.8", 375, 33), ("33.3", 1000, 333)],
)
def test_majority_exactly_at_a_decimal_threshold_is_agreed(percent, total, favour):
    expected = {f"D{i:04}" for i in range(total)}
    codes = sorted(expected)
    at = {c: Given(S if i < favour else ABS, V2) for i, c in enumerate(codes)}
    one_less = {c: Given(S if i < favour - 1 else ABS, V2) for i, c in enumerate(codes)}
    rule = parse_rule(f"majority:{percent}")
    assert status(at, expected, rule=rule) is Status.AGREED
    assert status(one_less, expected, rule=rule) is Status.NEAR


def test_majority_100_needs_everyone_current_in_favour():
    assert status(on_current(AR=S, BR=SA), rule=Rule("majority", 100)) is Status.AGREED
    assert status(on_current(AR=S, BR=ABS), rule=Rule("majority", 100)) is Status.NEAR


def test_majority_not_discussed_without_current_stances():
    positions = {"AR": Given(S, V1)}
    assert status(positions, {"AR", "BR"}, rule=Rule("majority", 50)) is Status.NOT_DISCUSSED


# --- stale positions and the expected set ------------------------------------


def test_stale_positions_count_as_no_position_and_are_missing():
    positions = {"AR": Given(S, V2), "BR": Given(OBJ, V1), "CL": Given(S, V1)}
    result = consensus_status(positions, {"AR", "BR", "CL"}, V2)
    assert result.status is Status.NEAR  # the stale objection does not count
    assert result.missing == ("BR", "CL")
    assert result.objecting == ()
    assert result.counts == {**dict.fromkeys(ALL_KEYS, 0), "support": 1, NO_POSITION: 2}


def test_only_stale_positions_is_not_discussed():
    positions = {"AR": Given(S, V1), "BR": Given(OBJ, V1)}
    for rule in (CONSENSUS, MINUS_ONE, Rule("majority", 50)):
        assert status(positions, {"AR", "BR"}, rule=rule) is Status.NOT_DISCUSSED


def test_positions_of_non_attendees_are_ignored():
    positions = on_current(AR=S, BR=S, ZW=OBJ, YE=RES)
    attendees = {"AR", "BR"}
    result = consensus_status(positions, attendees, V2)
    assert result.status is Status.AGREED
    assert result.objecting == ()
    assert sum(result.counts.values()) == 2


def test_absent_attendee_without_position_is_missing():
    result = consensus_status(on_current(AR=S, ZW=S), ["AR", "CL"], V2)
    assert result.status is Status.NEAR
    assert result.missing == ("CL",)


def test_nobody_expected_is_not_discussed_under_every_rule():
    positions = on_current(AR=S, BR=OBJ)
    for rule in (CONSENSUS, MINUS_ONE, Rule("majority", 50)):
        result = consensus_status(positions, set(), V2, rule)
        assert result.status is Status.NOT_DISCUSSED
        assert result.counts == dict.fromkeys(ALL_KEYS, 0)
        assert result.missing == () and result.objecting == ()


def test_a_code_listed_twice_counts_once():
    result = consensus_status(on_current(AR=S, BR=ABS), ["AR", "AR", "BR"], V2)
    assert result.counts["support"] == 1


def test_counts_keys_are_always_complete():
    for positions in ({}, on_current(AR=S), on_current(AR=OBJ, BR=RES, CL=SA, DZ=ABS)):
        counts = consensus_status(positions, {"AR", "BR", "CL", "DZ", "EG"}, V2).counts
        assert set(counts) == ALL_KEYS
        assert sum(counts.values()) == 5
        assert counts[Stance.OBJECT] == counts["object"]  # Stance keys work too


def test_given_accepts_stance_values_and_rejects_unknown_ones():
    assert Given("object", V2).stance is Stance.OBJECT
    with pytest.raises(InvalidInput):
        Given("veto", V2)


# --- silence procedure --------------------------------------------------------


DEADLINE = NOW + timedelta(hours=1)
CONTESTED_POSITIONS = on_current(AR=S, BR=RES)  # near under consensus


def test_silence_before_deadline_applies_the_normal_rule():
    result = consensus_status(
        CONTESTED_POSITIONS, {"AR", "BR"}, V2, silence=Silence(V2, DEADLINE, False), now=NOW
    )
    assert result.status is Status.NEAR
    assert result.by_silence is False


def test_silence_after_deadline_agrees():
    for now in (DEADLINE, DEADLINE + timedelta(days=3)):
        result = consensus_status(
            CONTESTED_POSITIONS, {"AR", "BR", "CL"}, V2, silence=Silence(V2, DEADLINE, False), now=now
        )
        assert result.status is Status.AGREED
        assert result.by_silence is True
        # the tally is still reported as it stands
        assert result.missing == ("CL",)
        assert result.counts["reservation"] == 1


def test_silence_overrides_every_rule_and_not_discussed():
    for rule in (CONSENSUS, MINUS_ONE, Rule("majority", 90)):
        result = consensus_status({}, {"AR"}, V2, rule, Silence(V2, DEADLINE, False), DEADLINE)
        assert (result.status, result.by_silence) == (Status.AGREED, True)


def test_broken_silence_applies_the_normal_rule():
    positions = on_current(AR=S, BR=OBJ)
    result = consensus_status(positions, {"AR", "BR"}, V2, silence=Silence(V2, NOW, True), now=DEADLINE)
    assert result.status is Status.CONTESTED
    assert result.by_silence is False


def test_silence_on_an_older_version_is_ignored():
    result = consensus_status(
        CONTESTED_POSITIONS, {"AR", "BR"}, V2, silence=Silence(V1, NOW, False), now=DEADLINE
    )
    assert result.status is Status.NEAR
    assert result.by_silence is False


def test_silence_with_default_now():
    past = datetime.now(timezone.utc) - timedelta(minutes=1)
    future = datetime.now(timezone.utc) + timedelta(days=1)
    assert consensus_status(CONTESTED_POSITIONS, {"AR", "BR"}, V2, silence=Silence(V2, past, False)).by_silence
    assert not consensus_status(CONTESTED_POSITIONS, {"AR", "BR"}, V2, silence=Silence(V2, future, False)).by_silence


def test_silence_needs_timezone_aware_times():
    with pytest.raises(InvalidInput):
        Silence(V2, datetime(2030, 1, 1), False)
    with pytest.raises(InvalidInput):
        consensus_status({}, {"AR"}, V2, silence=Silence(V2, NOW, False), now=datetime(2030, 1, 1))


# --- rules as text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "shown"),
    [
        ("consensus", CONSENSUS, "consensus"),
        ("  Consensus-Minus-One ", MINUS_ONE, "consensus_minus_one"),
        ("majority:66.7", Rule("majority", 66.7), "majority:66.7"),
        ("majority:50", Rule("majority", 50), "majority:50"),
        ("majority:50.0", Rule("majority", 50), "majority:50"),
        ("MAJORITY: 75 %", Rule("majority", 75), "majority:75"),
        ("majority:100", Rule("majority", 100), "majority:100"),
        ("majority:0.5", Rule("majority", 0.5), "majority:0.5"),
    ],
)
def test_parse_rule(text, rule, shown):
    assert parse_rule(text) == rule
    assert str(parse_rule(text)) == shown


@pytest.mark.parametrize(
    "text",
    [
        "",
        "unanimity",
        "majority",
        "majority:",
        "majority:0",
        "majority:0.0",
        "majority:-5",
        "majority:100.01",
        "majority:101",
        "majority:abc",
        "majority:nan",
        "majority:inf",
        "majority:1e1",
        "majority:٥٠",  # non-ASCII digits
        "majority:50:50",
        "consensus:50",
        "consensus\nmajority:50",
        None,
        50,
    ],
)
def test_parse_rule_rejects(text):
    with pytest.raises(InvalidInput) as caught:
        parse_rule(text)
    message = str(caught.value)
    assert message and "\n" not in message


def test_parse_rule_message_is_short_for_long_input():
    with pytest.raises(InvalidInput) as caught:
        parse_rule("x" * 10_000)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    ("kind", "percent"),
    [("unanimity", None), ("majority", None), ("majority", 0), ("majority", 150),
     ("majority", float("nan")), ("majority", True), ("consensus", 50)],
)
def test_rule_rejects_bad_fields(kind, percent):
    with pytest.raises(InvalidInput):
        Rule(kind, percent)


def test_status_rank_orders_toward_agreement():
    assert status_rank(Status.CONTESTED) < status_rank(Status.NEAR) < status_rank(Status.AGREED)
    assert status_rank(Status.NOT_DISCUSSED) == status_rank(Status.NEAR)
    assert status_rank("agreed") == 2
    with pytest.raises(InvalidInput):
        status_rank("maybe")


# --- properties ------------------------------------------------------------------

CODES = [f"C{i:02}" for i in range(12)]
VERSIONS = ["v1", "v2", "v3"]

percents = st.one_of(
    st.floats(min_value=0, max_value=100, exclude_min=True, allow_nan=False),
    st.integers(min_value=1, max_value=1000).map(lambda n: n / 10),
    st.sampled_from([50, 66.7, 100, 1e-05, 33.3]),
)
rules = st.one_of(
    st.just(CONSENSUS),
    st.just(MINUS_ONE),
    percents.map(lambda p: Rule("majority", p)),
)
givens = st.builds(Given, st.sampled_from(list(Stance)), st.sampled_from(VERSIONS))
positions_st = st.dictionaries(st.sampled_from(CODES), givens, max_size=len(CODES))
expected_st = st.sets(st.sampled_from(CODES))
silences = st.one_of(
    st.none(),
    st.builds(
        Silence,
        st.sampled_from(VERSIONS),
        st.sampled_from([NOW - timedelta(days=1), NOW, NOW + timedelta(days=1)]),
        st.booleans(),
    ),
)


@settings(max_examples=300)
@given(positions_st, expected_st, st.sampled_from(VERSIONS), rules, st.data())
def test_an_objection_never_moves_toward_agreement(positions, expected, current, rule, data):
    if not expected:
        expected = {CODES[0]}
    code = data.draw(st.sampled_from(sorted(expected)))
    before = consensus_status(positions, expected, current, rule, now=NOW)
    after = consensus_status({**positions, code: Given(OBJ, current)}, expected, current, rule, now=NOW)

    assert status_rank(after.status) <= status_rank(before.status)
    if before.status is not Status.AGREED:
        assert after.status is not Status.AGREED
    if before.status is Status.CONTESTED:
        assert after.status is Status.CONTESTED
    if before.status is Status.NOT_DISCUSSED:
        assert after.status in (Status.CONTESTED, Status.NEAR)
    assert code in after.objecting
    assert after.status is not Status.NOT_DISCUSSED


@settings(max_examples=300)
@given(positions_st, expected_st, st.sampled_from(VERSIONS), rules, silences, st.data())
def test_only_current_expected_stances_matter(positions, expected, current, rule, silence, data):
    before = consensus_status(positions, expected, current, rule, silence, NOW)

    outsiders = [c for c in CODES if c not in expected]
    not_current = [c for c in expected if c not in positions or positions[c].version_id != current]
    stale_versions = [v for v in VERSIONS if v != current]
    changed = dict(positions)
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        choices = [("outsider", c) for c in outsiders] + [("stale", c) for c in not_current]
        if not choices:
            break
        what, code = data.draw(st.sampled_from(choices))
        stance = data.draw(st.sampled_from(list(Stance)))
        if what == "outsider":
            version = data.draw(st.sampled_from(VERSIONS))
        else:
            version = data.draw(st.sampled_from(stale_versions))
        changed[code] = Given(stance, version)
    if data.draw(st.booleans()):  # an outsider's position may also disappear
        for code in outsiders:
            changed.pop(code, None)

    assert consensus_status(changed, expected, current, rule, silence, NOW) == before


@given(positions_st, expected_st, st.sampled_from(VERSIONS), rules, silences)
def test_result_is_consistent(positions, expected, current, rule, silence):
    result = consensus_status(positions, expected, current, rule, silence, NOW)
    assert isinstance(result, ConsensusResult)
    assert set(result.counts) == ALL_KEYS
    assert sum(result.counts.values()) == len(expected)
    assert result.counts[NO_POSITION] == len(result.missing)
    assert result.counts["object"] == len(result.objecting)
    assert list(result.missing) == sorted(result.missing)
    assert list(result.objecting) == sorted(result.objecting)
    assert set(result.missing) <= expected and set(result.objecting) <= expected
    if result.by_silence:
        assert result.status is Status.AGREED
    elif result.counts[NO_POSITION] == len(expected):
        assert result.status is Status.NOT_DISCUSSED


@given(rules)
def test_rule_text_round_trips(rule):
    assert parse_rule(str(rule)) == rule
    if rule.kind == "majority":
        number = str(rule).removeprefix("majority:")
        assert re.fullmatch(r"\d+(\.\d*[1-9])?", number), number  # no exponent, no trailing ".0"
