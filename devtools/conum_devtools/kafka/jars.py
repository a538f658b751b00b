"""The broker's jars, resolved with Maven from ``deploy/kafka/pom.xml`` into a shared cache
(``deploy/kafka/libs/`` or ``$CONUM_KAFKA_LIBS``) and reused until the pom changes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from conum_devtools.checkout import find_in_checkout
from conum_devtools.files import file_lock
from conum_devtools.kafka.errors import KafkaUnavailableError, LocalKafkaError

POM_RELATIVE = Path("deploy") / "kafka" / "pom.xml"
LIBS_ENV = "CONUM_KAFKA_LIBS"
MARKER_NAME = ".pom.sha256"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"
MAVEN_TIMEOUT = 900.0


def find_pom(starts: Sequence[Path] | None = None) -> Path:
    """Find ``deploy/kafka/pom.xml`` walking up from the cwd and from this package."""
    pom = find_in_checkout(POM_RELATIVE, starts)
    if pom is None:
        where = ", ".join(str(s) for s in starts) if starts is not None else "the cwd"
        raise KafkaUnavailableError(f"{POM_RELATIVE} not found above {where}; pass pom=")
    return pom.resolve()


def libs_dir_for(pom: Path) -> Path:
    """The shared jar cache: ``$CONUM_KAFKA_LIBS`` or ``libs/`` next to the pom."""
    override = os.environ.get(LIBS_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return pom.resolve().parent / "libs"


def pom_hash(pom: Path) -> str:
    return hashlib.sha256(pom.read_bytes()).hexdigest()


def _jars_complete(libs: Path, digest: str) -> bool:
    try:
        marker = (libs / MARKER_NAME).read_text().strip()
    except OSError:
        return False
    return marker == digest and any(libs.glob("kafka_2.13-*.jar"))


def resolve_jars(pom: Path, libs: Path | None = None, timeout: float = MAVEN_TIMEOUT) -> Path:
    """Resolve the runtime jars of ``pom`` into ``libs`` with Maven; reuse them when complete.

    A marker file holds the pom's SHA-256: a changed pom resolves again into a fresh
    directory whose jars then replace the old ones. Concurrent callers serialise on a lock
    file inside ``libs``.
    """
    pom = pom.resolve()
    libs = (libs or libs_dir_for(pom)).resolve()
    digest = pom_hash(pom)
    if _jars_complete(libs, digest):
        return libs
    mvn = shutil.which("mvn")
    if mvn is None:
        raise KafkaUnavailableError("mvn (Apache Maven) is not on PATH; it resolves the jars")
    libs.mkdir(parents=True, exist_ok=True)
    with file_lock(libs / ".lock"):
        if _jars_complete(libs, digest):
            return libs
        staging = Path(tempfile.mkdtemp(prefix=".resolve-", dir=libs))
        try:
            _maven_copy(mvn, pom, staging, timeout)
            (libs / MARKER_NAME).unlink(missing_ok=True)
            for old in libs.glob("*.jar"):
                old.unlink()
            for jar in staging.glob("*.jar"):
                os.replace(jar, libs / jar.name)
            marker_tmp = libs / f"{MARKER_NAME}.tmp"
            marker_tmp.write_text(digest + "\n")
            os.replace(marker_tmp, libs / MARKER_NAME)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return libs


def _maven_copy(mvn: str, pom: Path, into: Path, timeout: float) -> None:
    command = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(pom),
        DEPENDENCY_PLUGIN,
        "-DincludeScope=runtime",
        f"-DoutputDirectory={into}",
    ]
    try:
        result = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise LocalKafkaError(f"Maven did not resolve {pom} within {timeout:.0f}s") from exc
    if result.returncode != 0 or not any(into.glob("kafka_2.13-*.jar")):
        output = (result.stdout + result.stderr).strip().splitlines()[-40:]
        raise LocalKafkaError(
            f"Maven failed to resolve {pom} (exit {result.returncode}):\n" + "\n".join(output)
        )


def find_java() -> str:
    """``$JAVA_HOME/bin/java`` or ``java`` on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    java = shutil.which("java")
    if java is None:
        raise KafkaUnavailableError("java is not on PATH (and JAVA_HOME is not set); need JDK 17+")
    return java


def find_javac() -> str:
    """``$JAVA_HOME/bin/javac`` or ``javac`` on PATH (a JDK, not only a JRE)."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "javac"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    javac = shutil.which("javac")
    if javac is None:
        raise KafkaUnavailableError(
            "javac is not on PATH: a secured broker needs a JDK (Debian: default-jdk-headless)"
        )
    return javac


def compile_tool(source: Path, libs: Path, timeout: float = 300.0) -> Path:
    """Compile ``source`` (one Java file) against the jars in ``libs``, once per content.

    Returns the directory holding its classes, ``libs/.classes-<sha256 prefix>/`` (of the
    source and of the jars' pom), to put on the class path next to ``libs/*``. Concurrent
    callers serialise on the cache's lock.
    """
    jars = (libs / MARKER_NAME).read_bytes() if (libs / MARKER_NAME).is_file() else b""
    digest = hashlib.sha256(source.read_bytes() + jars).hexdigest()[:16]
    classes = libs / f".classes-{digest}"
    done = classes / ".compiled"
    if done.is_file():
        return classes
    javac = find_javac()
    with file_lock(libs / ".lock"):
        if done.is_file():
            return classes
        shutil.rmtree(classes, ignore_errors=True)
        classes.mkdir(parents=True)
        result = subprocess.run(
            [javac, "-nowarn", "-cp", str(libs / "*"), "-d", str(classes), str(source)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            shutil.rmtree(classes, ignore_errors=True)
            raise LocalKafkaError(
                f"javac {source.name} failed (exit {result.returncode}):\n"
                + (result.stdout + result.stderr).strip()
            )
        done.write_text(digest + "\n")
    return classes
