"""`python -m cep_site.worker [options]`: the site's Celery worker, 12 MB lighter than `celery -A cep_site worker`.

It takes the options of `celery worker` (`--help` lists them) and runs the same worker, with two differences:
- Celery's command line imports all its subcommands, and `celery amqp` brings click-repl and prompt-toolkit:
  7 MB in every worker process for a shell a worker never opens. This runs the `worker` command alone.
- Django's system checks are not run again at start-up (CELERY_SKIP_CHECKS): `manage.py migrate` ran them before
  any worker starts, in docker-compose and in CI. Running them would load the URLconf, every template library and
  the migration framework into the worker: 5 MB more.
The figures are in docs/newsletter.md (worker memory).
"""

import os
import sys

from celery.bin.base import CLIContext
from celery.bin.worker import worker

from cep_site.celery import app


def main(args: list[str]) -> None:
    os.environ.setdefault("CELERY_SKIP_CHECKS", "1")
    context = CLIContext(app=app, no_color=not sys.stderr.isatty(), workdir=None)
    worker.main(args=args, prog_name="python -m cep_site.worker", obj=context)


if __name__ == "__main__":
    main(sys.argv[1:])
