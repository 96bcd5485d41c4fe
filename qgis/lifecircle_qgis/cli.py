"""Finding and running the lifecircle command line, its messages turned into Processing feedback.

The plugin holds no analysis of its own: every algorithm is one run of the installed CLI, so
QGIS and the terminal give the same results and the CLI's run record (run.json) stays the
single account of what was done.
"""
import os
import queue
import re
import shutil
import subprocess
import threading

from qgis.core import QgsProcessingException

NOT_FOUND = ("lifecircle not found: install it (make install / the .deb) "
             "or set LIFECIRCLE_CLI")

# `lifecircle: progress: STAGE i/n (p %)`: printed by the CLI when stderr is not a terminal,
# for stages longer than a second, every 5 s and at their end (src/cli/main.c, show_progress)
PROGRESS = re.compile(r"^lifecircle: progress: (.*) (\d+)/(\d+) \((\d+) %\)$")


def _setting():
    """LIFECIRCLE_CLI from Processing's options (Settings > Options > Processing > Providers),
    else from the environment."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
        value = ProcessingConfig.getSetting("LIFECIRCLE_CLI")
    except ImportError:
        value = None
    return value or os.environ.get("LIFECIRCLE_CLI", "")


def source_tree_cli():
    """build/lifecircle of the source tree the package sits in (also when the profile holds a
    symlink to it, as `make install-qgis-plugin` makes)."""
    here = os.path.dirname(os.path.realpath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "build", "lifecircle"))


def find_cli():
    configured = _setting()
    if configured:
        # a path the user chose must not be silently replaced by another lifecircle
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise QgsProcessingException(f"LIFECIRCLE_CLI={configured}: not an executable file. "
                                         + NOT_FOUND)
        return configured
    found = shutil.which("lifecircle")
    if found:
        return found
    beside = source_tree_cli()
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return beside
    raise QgsProcessingException(NOT_FOUND)


def classify(line):
    """('progress', (stage, done, total, percent)) | ('warning', text) | ('error', text) |
    ('info', text) for one line the CLI printed."""
    m = PROGRESS.match(line)
    if m:
        return "progress", (m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)))
    for kind in ("warning", "error"):
        tag = f"lifecircle: {kind}: "
        if line.startswith(tag):
            return kind, line[len(tag):]
    return "info", line


def _pump(stream, lines):
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def run(args, feedback):
    """Run the CLI with `args` (no shell), report its lines to `feedback`; cancelling stops it.
    Raises QgsProcessingException when it fails, with its last error line."""
    feedback.pushCommandInfo(" ".join(args))
    # stdout and stderr in one pipe: the summary goes to stdout, messages to stderr, and
    # reading two pipes from one thread could block on the one not read
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, encoding="utf-8", errors="replace")
    lines = queue.Queue()
    # a reader thread, so that a long silent stage can still be cancelled
    threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
    last_error = None
    while True:
        if feedback.isCanceled():
            proc.terminate()
            proc.wait()
            proc.stdout.close()
            # the CLI writes into a staging directory and renames at the end (src/io/outdir.c),
            # so a stopped run leaves the previous results in OUTPUT as they were
            raise QgsProcessingException("lifecircle: cancelled")
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        if line is None:
            break
        kind, value = classify(line)
        if kind == "progress":
            stage, done, total, percent = value
            feedback.setProgressText(f"{stage} {done}/{total}")
            feedback.setProgress(percent)
        elif kind == "warning":
            feedback.reportError("warning: " + value, fatalError=False)
        elif kind == "error":
            last_error = value
            feedback.reportError(value, fatalError=True)
        elif line:
            feedback.pushInfo(line)
    proc.stdout.close()
    code = proc.wait()
    if code != 0:
        raise QgsProcessingException(f"lifecircle failed (exit {code}): "
                                     f"{last_error or 'see the log above'}")
    feedback.setProgress(100)
