"""docker-compose.yml and the Dockerfile, checked offline: there is no Docker engine in CI.

The compose file is validated against the Compose Specification's JSON schema (vendored in .ci/, see
.ci/compose-spec.SOURCE) and against the rules of the deployment: health checks, restart policies, start order,
one beat, commands that exist in the project, and every variable documented in .env.example.
"""

import hashlib
import importlib
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery
from celery.bin.celery import celery as celery_cli

from django.core.management import get_commands

from tests.ops.offline_schema import schema_errors, unknown_keywords, yaml_load

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml_load((ROOT / "docker-compose.yml").read_text())
SCHEMA = json.loads((ROOT / ".ci" / "compose-spec.json").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
SERVICES = COMPOSE["services"]
ONE_SHOT = {"migrate"}
DJANGO_SERVICES = {name for name, service in SERVICES.items() if "build" in service}
# `${NAME}`, `${NAME:-default}`, `${NAME:?error}`; `$$` is compose's escape for a literal `$`.
VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")


def dockerfile_instruction(name: str) -> str:
    """The rest of the last instruction that starts with `name`, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    found = re.findall(rf"^{re.escape(name)}(.*)$", joined, flags=re.MULTILINE)
    assert found, f"no {name} in the Dockerfile"
    return found[-1].strip()


def env_example_names() -> set[str]:
    return set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE))


def test_the_compose_file_is_valid_against_the_compose_specification():
    # The 2021 schema keeps two unreferenced sub-schemas under definitions.constraints.service: not a keyword.
    assert unknown_keywords(SCHEMA) <= {"service"}, "the schema uses keywords tests/ops/offline_schema.py ignores"
    assert schema_errors(COMPOSE, SCHEMA) == []


def test_the_vendored_schema_is_the_file_its_source_note_describes():
    digest = hashlib.sha256((ROOT / ".ci" / "compose-spec.json").read_bytes()).hexdigest()
    assert f"sha256 of the file: {digest}" in (ROOT / ".ci" / "compose-spec.SOURCE").read_text()


def test_the_validator_rejects_what_the_specification_does():
    broken = json.loads(json.dumps(COMPOSE))
    broken["services"]["web"]["restart"] = 3
    broken["services"]["web"]["healthcheck"]["intervall"] = "30s"
    broken["services"]["worker"]["depends_on"]["db"]["condition"] = "service_ready"
    errors = schema_errors(broken, SCHEMA)
    assert any("web.restart" in error for error in errors)
    assert any("intervall" in error for error in errors)
    assert any("worker.depends_on" in error for error in errors)


def test_the_stack_has_the_processes_of_the_design():
    assert set(SERVICES) == {"proxy", "migrate", "web", "worker", "beat", "db", "redis", "cache", "mailpit", "caddy"}
    assert sorted(DJANGO_SERVICES) == ["beat", "migrate", "web", "worker"]
    postgres_major = int(SERVICES["db"]["image"].split(":")[1].split(".")[0])
    assert postgres_major >= 15
    assert SERVICES["redis"]["image"].split(":")[1].split(".")[0] == "7"
    assert SERVICES["cache"]["image"] == SERVICES["redis"]["image"]


def redis_options(name: str) -> dict[str, str]:
    arguments = SERVICES[name]["command"][1:]
    return {arguments[i].removeprefix("--"): arguments[i + 1] for i in range(0, len(arguments), 2)}


def test_the_broker_never_evicts_and_the_cache_is_bounded_and_evicts_the_least_recently_used():
    broker, cache = redis_options("redis"), redis_options("cache")
    assert broker["maxmemory-policy"] == "noeviction"
    assert broker["appendonly"] == "yes"
    assert cache["maxmemory-policy"] == "allkeys-lru"
    assert cache["maxmemory"] == "${REDIS_CACHE_MAXMEMORY:-256mb}"
    assert (cache["save"], cache["appendonly"]) == ("", "no")  # nothing in it is worth a disk write


@pytest.mark.parametrize("name", sorted(set(SERVICES) - ONE_SHOT))
def test_every_long_running_service_has_a_health_check_and_a_restart_policy(name):
    service = SERVICES[name]
    healthcheck = service.get("healthcheck", {})
    assert healthcheck.get("test"), f"{name} has no health check"
    assert not healthcheck.get("disable")
    assert healthcheck["test"][0] in {"CMD", "CMD-SHELL"}
    assert {"interval", "timeout", "retries"} <= set(healthcheck)
    assert service.get("restart") in {"always", "unless-stopped", "on-failure"}


def test_migrate_runs_once_and_before_web_worker_and_beat():
    migrate = SERVICES["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    # Web's limit on one statement would stop a migration that rewrites a big table; the rest of its settings are web's.
    assert migrate["environment"] == {**SERVICES["web"]["environment"], "DATABASE_STATEMENT_TIMEOUT_MS": "0"}
    # The image's health check is web's; a one-shot step must not inherit it.
    assert migrate["healthcheck"] == {"disable": True}
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name


def test_web_answers_or_fails_within_seconds_and_workers_may_run_longer_statements():
    # Web's limit is the settings' default (DATABASE_STATEMENT_TIMEOUT_MS, 15 s), under gunicorn's timeout.
    assert "DATABASE_STATEMENT_TIMEOUT_MS" not in SERVICES["web"]["environment"]
    worker = SERVICES["worker"]["environment"]
    assert worker == {**SERVICES["web"]["environment"], "DATABASE_STATEMENT_TIMEOUT_MS": "300000"}


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_wait_for_a_healthy_database_and_redis(name):
    depends_on = SERVICES[name]["depends_on"]
    assert depends_on["db"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"


def test_beat_is_exactly_one_and_keeps_its_schedule_on_a_volume():
    beat = SERVICES["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert beat.get("scale", 1) == 1
    assert "--schedule=/app/beat/celerybeat-schedule" in beat["command"]
    assert "beat:/app/beat" in beat["volumes"]
    # The image makes the directory the non-root user writes the schedule to.
    assert "/app/beat" in dockerfile_instruction("RUN useradd")


def seconds(duration: str) -> int:
    parts = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", duration)
    assert parts and duration, duration
    return int(parts[1] or 0) * 60 + int(parts[2] or 0)


def test_the_worker_has_time_to_finish_its_batch_when_stopped():
    assert seconds(SERVICES["worker"]["stop_grace_period"]) >= 60
    # Longer than gunicorn's graceful timeout, so web's requests in hand finish too.
    assert seconds(SERVICES["web"]["stop_grace_period"]) > 30


def test_data_and_uploads_live_on_named_volumes():
    volumes = set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    for name in ("web", "worker", "migrate"):
        assert "media:/app/media" in SERVICES[name]["volumes"], name
    for service in SERVICES.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                # A file of the repository (the Caddyfile), never written to: read-only.
                assert (ROOT / source).is_file() and volume.endswith(":ro"), volume
                continue
            assert source in volumes, f"{source} is not a named volume"


def test_the_django_services_take_their_settings_from_env_and_production():
    for name in DJANGO_SERVICES:
        service = SERVICES[name]
        assert service["env_file"] == ".env"
        environment = service["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "cep_site.settings.production"
        assert "@db:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://redis:6379/")
        assert environment["REDIS_CACHE_URL"].startswith("redis://cache:6379/")
        assert "mailpit:1025" in environment["EMAIL_URL"]
        # The image's paths win over the .env rows meant for running without compose: static files are in the
        # image, uploads on the media volume.
        assert (
            environment["DJANGO_STATIC_ROOT"] == "/app/staticfiles"
            and "DJANGO_STATIC_ROOT=/app/staticfiles" in DOCKERFILE
        )
        assert environment["DJANGO_MEDIA_ROOT"] == "/app/media" and "DJANGO_MEDIA_ROOT=/app/media" in DOCKERFILE


def test_every_variable_the_compose_file_and_dockerfile_use_is_in_env_example():
    lines = (ROOT / "docker-compose.yml").read_text().splitlines()
    used = set(VARIABLE.findall("\n".join(line for line in lines if not line.lstrip().startswith("#"))))
    used |= set(VARIABLE.findall(dockerfile_instruction("CMD")))
    assert used, "no variables found"
    assert used - env_example_names() == set()


# --- Each command exists in the project ------------------------------------------------------------------------


def check_command(argv: list[str]) -> None:
    """Assert that a Django image command names something the project has."""
    program, *args = argv
    if program == "python" and args[0] == "-m":
        # The module starts: its --help answers with the options it was given.
        shown = subprocess.run([sys.executable, *args[:2], "--help"], cwd=ROOT, capture_output=True, text=True)
        assert shown.returncode == 0, shown.stderr
        for option in args[2:]:
            assert option.split("=")[0] in shown.stdout, f"{args[1]} has no option {option}"
    elif program == "python":
        assert args[0] == "manage.py" and (ROOT / "manage.py").exists()
        assert args[1] in get_commands(), f"no management command {args[1]}"
    elif program == "gunicorn":
        module, _, attribute = args[0].partition(":")
        application = getattr(importlib.import_module(module), attribute or "application")
        assert callable(application)
    elif program == "celery":
        assert args[0] == "-A"
        package = importlib.import_module(args[1])
        assert isinstance(package.celery_app, Celery)
        assert args[2] in celery_cli.commands, f"no celery command {args[2]}"
    else:
        raise AssertionError(f"unknown program {program}")


@pytest.mark.parametrize("name", ["migrate", "web", "worker", "beat"])
def test_each_django_service_command_exists_in_the_project(name):
    check_command(SERVICES[name]["command"])


def test_the_worker_health_check_asks_the_project_s_celery_app():
    test = SERVICES["worker"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    check_command(shlex.split(test[1]))


def test_the_image_runs_gunicorn_on_the_project_s_wsgi_application():
    command = json.loads(dockerfile_instruction("CMD"))
    assert command[:2] == ["sh", "-c"]
    shell = command[2]
    assert shell.startswith("exec gunicorn ")
    check_command(shlex.split(shell.removeprefix("exec ")))
    assert SERVICES["web"]["command"][:2] == ["gunicorn", "cep_site.wsgi"]


def test_the_image_is_slim_python_311_runs_as_a_user_and_collects_static_files_at_build():
    assert re.search(r"^FROM python:3\.11-slim\b", DOCKERFILE, flags=re.MULTILINE)
    user = dockerfile_instruction("USER")
    assert user not in {"root", "0"}
    assert "pip install -r requirements.txt" in DOCKERFILE
    assert not re.search(r"^(RUN|COPY).*requirements-dev", DOCKERFILE, flags=re.MULTILINE)
    collectstatic = dockerfile_instruction("RUN DJANGO_SECRET_KEY=")
    assert "manage.py collectstatic --noinput" in collectstatic
    assert "ENV " in DOCKERFILE and "DJANGO_SETTINGS_MODULE=cep_site.settings.production" in DOCKERFILE
    # The health check of the image is the one compose gives web.
    healthcheck = json.loads(dockerfile_instruction("HEALTHCHECK").split(" CMD ", 1)[1])
    assert healthcheck == ["python", *SERVICES["web"]["healthcheck"]["test"][2:]]


def test_the_build_context_leaves_out_secrets_and_local_state():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".git", ".venv", "db.sqlite3", "media"} <= ignored


def test_visitors_reach_two_replicas_of_web_through_the_edge_cache_only():
    assert "ports" not in SERVICES["web"]
    assert SERVICES["web"]["deploy"]["replicas"] == 2
    assert [port.rsplit(":", 1)[1] for port in SERVICES["proxy"]["ports"]] == ["80"]  # not the purge port, 6081
    assert SERVICES["web"]["environment"]["EDGE_CACHE_PURGE_URL"] == "http://proxy:6081"
    assert SERVICES["proxy"]["depends_on"] == {"web": {"condition": "service_healthy"}}
    assert SERVICES["caddy"]["environment"]["CEP_UPSTREAM"] == "proxy:80"
