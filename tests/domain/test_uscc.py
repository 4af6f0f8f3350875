from hypothesis import given
from hypothesis import strategies as st

from shuangsuiji.domain import uscc


def test_it_accepts_the_standard_worked_example() -> None:
    assert uscc.check("91110000600037341L") is None


def test_it_names_the_expected_check_character() -> None:
    problem = uscc.check("91110000600037341X")
    assert problem is not None and problem.is_checksum_only
    assert "应为 L" in problem.message


def test_it_rejects_letters_outside_the_charset() -> None:
    problem = uscc.check("9111000060003734IL")
    assert problem is not None and not problem.is_checksum_only and "I" in problem.message


def test_it_reports_the_wrong_length() -> None:
    problem = uscc.check("9111000060003734")
    assert problem is not None and "18位" in problem.message


def test_the_legacy_fujian_pilot_code_fails_only_its_checksum() -> None:
    problem = uscc.check("91350100M0001TGQXM")
    assert problem is not None and problem.is_checksum_only


def test_normalize_folds_fullwidth_spaces_and_case() -> None:
    assert uscc.normalize(" ９１１１００００６０００３７３４１ｌ　") == "91110000600037341L"


@given(
    st.text(alphabet=uscc.CHARSET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=uscc.CHARSET, min_size=9, max_size=9),
)
def test_completed_codes_always_validate(head: str, region: str, body: str) -> None:
    assert uscc.check(uscc.with_check_character(head + region + body)) is None


@given(st.text(alphabet=uscc.CHARSET, min_size=17, max_size=17))
def test_the_fast_check_character_equals_python_stdnum(first17: str) -> None:
    assert uscc.check_character(first17) == uscc.reference_check_character(first17)
