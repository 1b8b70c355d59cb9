"""Coded errors: the class follows the code's range, and the class survives a process boundary."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from jdlens import errors
from jdlens.errors import (
    InputError,
    MarketError,
    ResumeError,
    TaxonomyError,
    UnsupportedFileError,
    error_class,
    rebuild,
)


def _raise_in_worker(code: str) -> None:
    raise UnsupportedFileError(code, suffix=".xls")


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("JDL001", InputError),
        ("JDL032", InputError),
        ("JDL050", InputError),
        ("JDL024", ResumeError),
        ("JDL040", MarketError),
        ("JDL010", errors.DataFileError),
        ("JDL060", errors.WebError),
    ],
)
def test_a_code_names_its_family(code: str, family: type) -> None:
    assert error_class(code) is family
    assert isinstance(rebuild(code, f"[{code}] x"), family)


def test_a_class_refuses_a_code_of_another_family() -> None:
    with pytest.raises(ValueError, match="JDL040"):
        InputError("JDL040", reason="x")


def test_every_message_code_has_a_family() -> None:
    assert all(error_class(code) is not errors.JdlensError for code in errors.MESSAGES)


def test_errors_keep_class_code_and_message_across_processes() -> None:
    exc = UnsupportedFileError("JDL026", suffix=".xls")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is UnsupportedFileError and back.code == "JDL026" and back.message == exc.message
    with ProcessPoolExecutor(max_workers=1) as pool:
        with pytest.raises(UnsupportedFileError, match=r"\[JDL026\] unsupported resume format '.xls'"):
            pool.submit(_raise_in_worker, "JDL026").result()
    problems = pickle.loads(pickle.dumps(TaxonomyError(["skills.yaml:3 id: bad"]))).problems
    assert problems == ["skills.yaml:3 id: bad"]


def test_an_error_from_a_spark_executor_keeps_its_family() -> None:
    from jdlens.market.spark_engine import _decode

    back = _decode(False, '{"code": "JDL071", "message": "[JDL071] the analysis ran out of its time budget"}')
    assert isinstance(back, errors.TimeBudgetError | InputError) and back.code == "JDL071"
    market = _decode(False, '{"code": "JDL040", "message": "[JDL040] market database error: x"}')
    assert isinstance(market, MarketError)
