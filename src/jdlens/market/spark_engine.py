"""Analysis on Spark executors for an ingest into a DuckDB database (``--engine spark --db``): each window
of postings is shipped to the executors, analysed with the same ``jdlens.analyze`` (``mapInPandas``) and
collected back. For corpora larger than one machine, ``spark_job`` reads, analyses and writes on the
cluster instead.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Iterator
from typing import Any

from jdlens.errors import JdlensError, rebuild
from jdlens.job.pipeline import analyze
from jdlens.market.records import AnalysisRecord, record_from_analysis
from jdlens.market.spark_session import get_session, spark_failure

RESULT_SCHEMA = "idx long, ok boolean, payload binary"


def analyze_partition(batches: Iterator[Any]) -> Iterator[Any]:
    """Executor side: analyze each row with ``jdlens.analyze`` into the record the tables keep (pickled);
    errors travel as their code and message."""
    import pandas as pd

    for pdf in batches:
        out = []
        for idx, text, title in zip(pdf["idx"], pdf["text"], pdf["title"], strict=True):
            try:
                result = analyze(text, title=title if isinstance(title, str) else None)
                out.append((int(idx), True, pickle.dumps(record_from_analysis(result))))
            except JdlensError as exc:
                error = {"code": exc.code, "message": exc.message}
                out.append((int(idx), False, json.dumps(error).encode("utf-8")))
        yield pd.DataFrame(out, columns=["idx", "ok", "payload"])


def _decode(ok: bool, payload: bytes) -> AnalysisRecord | JdlensError:
    if ok:
        record: AnalysisRecord = pickle.loads(payload)  # written by this package's executors just now
        return record
    data = json.loads(payload)
    return rebuild(data["code"], data["message"])  # the error's own family, not always an input error


def spark_analyzer(master: str | None = None, workers: int | None = None) -> Any:
    """An analyzer for the ingest that runs each window of postings as one Spark job."""
    import pandas as pd

    session = get_session(master)
    slots = workers or session.sparkContext.defaultParallelism

    def run(texts: list[str], titles: list[str | None]) -> Iterable[AnalysisRecord | JdlensError]:
        pdf = pd.DataFrame({"idx": range(len(texts)), "text": texts, "title": titles})
        frame = session.createDataFrame(pdf, schema="idx long, text string, title string")
        parts = max(1, min(len(texts), 4 * slots))
        with spark_failure("analyzing a window of postings"):
            out = frame.repartition(parts).mapInPandas(analyze_partition, schema=RESULT_SCHEMA).toPandas()
        out = out.sort_values("idx")
        return [_decode(bool(ok), payload) for ok, payload in zip(out["ok"], out["payload"], strict=True)]

    return run
