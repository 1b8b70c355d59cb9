"""The Spark session jdlens runs on, and Spark failures as jdlens's coded errors.

jdlens only sets defaults: what ``spark-submit``, ``spark-defaults.conf`` or the environment sets
(master, memory, the executors' Python) is kept. PySpark is imported only here and only when asked for.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jdlens.compiled_regex import compile_pattern
from jdlens.errors import JdlensError, MarketError

_SESSION: dict[str, Any] = {}
# executors raise a RuntimeError whose message carries this marker and a JSON object naming the row
ROW_MARKER = "jdlens-row-error:"
_ROW_ERROR = compile_pattern(re.escape(ROW_MARKER) + r"(\{[^\n]{0,4000}?\})(?:\n|$)")
# static settings applied when jdlens starts the JVM itself (never under spark-submit)
LAUNCH_DEFAULTS = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"}
# JVM options for a session started for a short piece of work (a report: many small queries), applied
# like LAUNCH_DEFAULTS and only where nothing names them: the JIT stops at its first tier, whose
# compiles are quick, where the optimizing tier's cost more CPU than a report's queries gain from it
SHORT_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1"
DEFAULT_JAVA_OPTIONS = ("spark.driver.defaultJavaOptions", "spark.executor.defaultJavaOptions")
# loggers of the RPC layer and the local cluster, quieted only as a session jdlens started stops (its
# work is done and any error of it already raised): they log the race of messages with threads that
# are shutting down (a RejectedExecutionException trace), which is no error of the job
SHUTDOWN_LOGGERS = ("org.apache.spark.rpc", "org.apache.spark.deploy", "org.apache.spark.scheduler.cluster")
# SQL settings applied unless the configuration already names them
RUNTIME_DEFAULTS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    # adaptive execution merges small shuffle partitions and picks broadcast joins from real sizes
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.adaptive.coalescePartitions.enabled": "true",
}
SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions"
# shuffle partitions per executor core when nothing names them (Spark's own default is a fixed 200,
# whose empty tasks cost more than the work at the sizes of one ingest or one report)
PARTITIONS_PER_CORE = 2


def under_spark_submit() -> bool:
    """True when ``spark-submit`` started this interpreter (it hands over its JVM gateway)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def _launch_defaults() -> None:
    """Environment defaults for a JVM that jdlens starts itself: driver memory, executors' Python."""
    memory = os.environ.get("JDLENS_SPARK_DRIVER_MEMORY", "2g")
    os.environ.setdefault("PYSPARK_SUBMIT_ARGS", f"--driver-memory {memory} pyspark-shell")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)


def _named_elsewhere(key: str) -> bool:
    """True when ``PYSPARK_SUBMIT_ARGS`` or the ``spark-defaults.conf`` Spark reads names ``key``."""
    if key in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
        return True
    folders = [os.environ.get("SPARK_CONF_DIR"), os.path.join(os.environ.get("SPARK_HOME", ""), "conf")]
    for folder in filter(None, folders):
        path = os.path.join(folder, "spark-defaults.conf")
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as fh:
                if any(line.split() and line.split()[0] == key for line in fh):
                    return True
    return False


def get_session(master: str | None = None, *, short: bool = False) -> Any:
    """The SparkSession: the one ``spark-submit`` configured, else one jdlens starts with
    ``master`` (or ``JDLENS_SPARK_MASTER``, else ``local[*]``). Created once per process; ``short``: a
    session started for a short piece of work (a report), whose JVMs default to quick JIT compiles."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise MarketError("JDL040", reason="PySpark is not installed (pip install 'jdlens[spark]')") from exc
    key = master or ""
    if key in _SESSION:
        return _SESSION[key]
    builder = SparkSession.builder.appName("jdlens")
    if under_spark_submit():
        if master:
            builder = builder.master(master)
    else:
        _launch_defaults()
        builder = builder.master(master or os.environ.get("JDLENS_SPARK_MASTER") or "local[*]")
        for name, value in LAUNCH_DEFAULTS.items():
            builder = builder.config(name, value)
        for name in DEFAULT_JAVA_OPTIONS if short else ():
            if not _named_elsewhere(name):
                builder = builder.config(name, SHORT_JAVA_OPTIONS)
    with spark_failure("starting Spark"):
        session = builder.getOrCreate()
    conf = session.sparkContext.getConf()
    for name, value in RUNTIME_DEFAULTS.items():
        if not conf.contains(name):
            session.conf.set(name, value)
    if "JDLENS_SPARK_PARTITIONS" in os.environ:
        session.conf.set(SHUFFLE_PARTITIONS, os.environ["JDLENS_SPARK_PARTITIONS"])
    elif not conf.contains(SHUFFLE_PARTITIONS) and (partitions := shuffle_partitions(session)):
        session.conf.set(SHUFFLE_PARTITIONS, str(partitions))
    session.sparkContext.setLogLevel(os.environ.get("JDLENS_SPARK_LOG_LEVEL", "ERROR"))
    _SESSION[key] = session
    return session


def shuffle_partitions(session: Any) -> int | None:
    """The default number of shuffle partitions: ``PARTITIONS_PER_CORE`` per executor core, when the
    cores are known at start (a local master, or a fixed ``spark.executor.instances``); else None:
    executors of a cluster may not have registered yet (dynamic allocation), so Spark's own default
    stays and adaptive execution coalesces what is small."""
    context = session.sparkContext
    conf = context.getConf()
    if str(context.master).startswith("local"):
        cores = int(context.defaultParallelism)
    elif conf.contains("spark.executor.instances"):
        cores = int(conf.get("spark.executor.instances")) * int(conf.get("spark.executor.cores", "1"))
    else:
        return None
    return max(2, PARTITIONS_PER_CORE * cores)


def stop_sessions() -> None:
    """Stop the sessions this process started (not one ``spark-submit`` owns), quietly."""
    for key in list(_SESSION):
        session = _SESSION.pop(key)
        if not under_spark_submit():
            quiet_shutdown(session)
            session.stop()


def quiet_shutdown(session: Any) -> None:
    """Turn the ``SHUTDOWN_LOGGERS`` off for the stop of a session whose work is done, unless
    ``JDLENS_SPARK_LOG_LEVEL`` asks for Spark's logs."""
    if "JDLENS_SPARK_LOG_LEVEL" in os.environ:
        return
    jvm = session.sparkContext._jvm
    off = jvm.org.apache.logging.log4j.Level.OFF
    for name in SHUTDOWN_LOGGERS:
        jvm.org.apache.logging.log4j.core.config.Configurator.setLevel(name, off)


def row_error(source: str, row: int, exc: BaseException) -> RuntimeError:
    """Executor side: the error to raise for a row that broke the job (the driver decodes it)."""
    detail = {"source": source, "row": row, "reason": f"{type(exc).__name__}: {exc}"[:500]}
    return RuntimeError(ROW_MARKER + json.dumps(detail))


_PY_ERROR = compile_pattern(r"^[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt)\b")


def _first_line(text: str) -> str:
    """The message a person needs from a JVM or Python-worker traceback: the Python error when there is
    one, else the first line that is not a frame or a call banner."""
    lines = [line.strip() for line in text.splitlines()]
    python = [line for line in lines if _PY_ERROR.match(line)]
    if python:
        return python[-1][:300]
    for line in lines:
        if line and not line.startswith(("An error occurred while calling", "Traceback", "at ")):
            return re.sub(r"^(?:[\w$]+\.)+[\w$]*(?:Exception|Error): ", "", line)[:300]
    return text.strip()[:300] or "unknown error"


def as_market_error(exc: BaseException, step: str) -> MarketError:
    """One coded error for a failure that came back from Spark (a JVM or executor traceback)."""
    text = str(exc)
    found = _ROW_ERROR.search(text)
    if found:
        try:
            detail = json.loads(found.group(1))
            return MarketError("JDL043", **detail)
        except (ValueError, TypeError):
            pass
    return MarketError("JDL044", step=step, reason=_first_line(text))


@contextmanager
def spark_failure(step: str) -> Iterator[None]:
    """Turn whatever Spark raises inside the block into a coded ``MarketError``."""
    try:
        yield
    except JdlensError:
        raise
    except Exception as exc:  # py4j and pyspark raise many types; all become one coded error
        if type(exc).__module__.split(".")[0] not in ("pyspark", "py4j"):
            raise
        raise as_market_error(exc, step) from None
