"""Stopping the real processes that tests and benchmarks start (gunicorn, Celery workers and beat)."""

import signal
import subprocess


def stop(process: subprocess.Popen, *, grace: float = 30) -> None:
    """SIGTERM, as `docker compose stop` sends, then SIGKILL if the process is still there after `grace` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
