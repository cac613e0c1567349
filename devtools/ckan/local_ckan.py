"""A real CKAN 2.12 on 127.0.0.1 for minhbach's tests, benchmarks and `make ckan`.

One module sets it up and runs it, whoever asks (the pytest fixtures in
tests/ckan/fixtures.py, `make ckan`, bench/ckan_sync.py):

- CKAN lives in its own virtual environment (its pinned dependencies must not mix with
  ours), made with the machine's python3 and `pip install "ckan[requirements]==2.12.0"`,
  plus our plugin devtools/ckan/noop_search_plugin (Solr cannot be installed here) and the
  peers that read minhbach: ckanext-harvest (the CKAN harvester) and ckanext-dcat (its RDF
  parsers and harvester), pinned in EXTENSIONS, with the harvest tables migrated;
- its database is a PostgreSQL role and database on 127.0.0.1:5432, made by the user postgres
  (trusted from 127.0.0.1: devtools/services.sh); the role logs in with a password of its
  own kept in the cache folder; its Redis is 127.0.0.1:6379 database 5;
- the ini file, the uploads and the users' API tokens sit beside the venv in a cache folder
  outside the checkout: $MINHBACH_CKAN_HOME, by default ~/.cache/minhbach/ckan-2.12.0.

Set-up is cached: each step leaves a marker when (and only when) it has finished, so an
interrupted set-up is redone from the first unfinished step, and a lock file keeps two
processes (two pytest runs, `make ckan` beside pytest) from setting up at the same time.
The venv is keyed by CKAN's version (the folder's name), the plugin by a hash of its source,
the extensions by a hash of their pins, the ini options by a hash of their values, the
database and users by RECIPE below, the extensions' migrations by the database and the pins.

The database persists between runs: tests must use unique names (CKAN's own tests do the
same). `reset()` purges every dataset, organization and group when a clean catalog matters.

Command line (used by `make ckan` / `make ckan-stop`):
    python -m devtools.ckan.local_ckan [start] [--port 5000]   prints CKAN_URL=... and
                                                            CKAN_API_TOKEN=... on stdout
    python -m devtools.ckan.local_ckan stop [--port 5000]
    python -m devtools.ckan.local_ckan prepare                set up (cached) without starting
    python -m devtools.ckan.local_ckan reset                  purge every dataset and group
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ckanapi import RemoteCKAN

CKAN_VERSION = "2.12.0"
# Bump when the database set-up or the users made below change: the cached database is then
# rebuilt (the venv is kept). A change of ckan.ini options alone is applied in place.
RECIPE = "2"
DEFAULT_PORT = 5000
PG_HOST, PG_PORT, PG_SUPERUSER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 5
SYSADMIN_NAME = "minhbach_admin"
USER_NAME = "minhbach_user"
PLUGIN_NAME = "minhbach_noop_search"
PLUGIN_DIR = Path(__file__).resolve().parent / "noop_search_plugin"
# CKAN extensions installed from PyPI beside CKAN: the harvesters and RDF parsers that the
# interoperability tests run against minhbach. Their dependencies come from their metadata,
# except factory-boy and pytest: `ckan harvester run-test` imports ckanext-harvest's test
# factories, which import CKAN's test helpers.
EXTENSIONS = (
    "ckanext-harvest==1.6.3",
    "ckanext-dcat==2.4.4",
    "factory-boy==3.3.3",
    "pytest==8.3.5",
)
# The plugins they bring (their ckan.plugins entry points), enabled after ours.
EXTENSION_PLUGINS = ("harvest", "ckan_harvester", "dcat", "dcat_rdf_harvester")
# The extensions that keep tables of their own (`ckan db upgrade -p <plugin>`).
MIGRATED_PLUGINS = ("harvest",)
START_TIMEOUT = 90.0


class CkanUnavailable(RuntimeError):
    """The local CKAN cannot run on this machine (a service is down, the install failed)."""


@dataclass(frozen=True)
class CkanInstall:
    """A finished set-up: what a server needs to start and what a client needs to log in."""

    home: str
    ini: str
    db_name: str
    sysadmin_name: str
    sysadmin_token: str
    user_name: str
    user_token: str
    recipe: str
    config_key: str

    @property
    def ckan_bin(self) -> Path:
        return Path(self.home) / "venv" / "bin" / "ckan"


def log(message: str) -> None:
    print(f"[local ckan] {message}", file=sys.stderr, flush=True)


def default_home() -> Path:
    return Path.home() / ".cache" / "minhbach" / f"ckan-{CKAN_VERSION}"


def ckan_home() -> Path:
    configured = os.environ.get("MINHBACH_CKAN_HOME")
    return Path(configured).expanduser().resolve() if configured else default_home()


def plugin_hash() -> str:
    digest = hashlib.sha256()
    sources = [PLUGIN_DIR / "pyproject.toml", *PLUGIN_DIR.glob("minhbach_ckan_noop_search/*.py")]
    for path in sorted(sources):
        if path.is_file():
            digest.update(path.relative_to(PLUGIN_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def extensions_hash() -> str:
    return hashlib.sha256("\n".join(EXTENSIONS).encode()).hexdigest()[:16]


def database_name(home: Path) -> str:
    # One database per cache folder, so that two homes (MINHBACH_CKAN_HOME) never share one.
    if home == default_home():
        return "minhbach_ckan"
    return "minhbach_ckan_" + hashlib.sha256(str(home).encode()).hexdigest()[:10]


def _port_open(host: str, port: int, timeout: float = 2.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def check_services(
    postgresql: tuple[str, int] = (PG_HOST, PG_PORT),
    redis: tuple[str, int] = (REDIS_HOST, REDIS_PORT),
) -> None:
    """Raise CkanUnavailable naming the service CKAN needs that does not answer."""
    for service, (host, port) in (("PostgreSQL", postgresql), ("Redis", redis)):
        if not _port_open(host, port):
            raise CkanUnavailable(f"{service} does not answer on {host}:{port}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ckan_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of CKAN's processes: none of ours (venv, Django, CKAN_* overrides)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CKAN_", "DJANGO_", "PYTHON", "VIRTUAL_ENV", "PIP_REQUIRE"))
    }
    env.update(extra or {})
    return env


def _run(args: Sequence[str | Path], what: str, **kwargs) -> str:
    proc = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        env=kwargs.pop("env", ckan_env()),
        **kwargs,
    )
    if proc.returncode != 0:
        output = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise RuntimeError(f"{what} failed (exit {proc.returncode}):\n{output}")
    return proc.stdout


@contextlib.contextmanager
def _setup_lock(home: Path) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".setup.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)


# --- set-up steps --------------------------------------------------------------------------


def _pip_install(venv: Path, *arguments: str | Path) -> None:
    """``pip install`` into CKAN's venv, quietly; a failure means CKAN cannot run here."""
    what = "pip install " + " ".join(str(a) for a in arguments if not str(a).startswith("--"))
    try:
        _run(
            [venv / "bin" / "pip", "install", "--quiet", "--disable-pip-version-check", *arguments],
            what,
        )
    except RuntimeError as exc:
        raise CkanUnavailable(str(exc)) from exc


def _ensure_venv(home: Path) -> None:
    venv = home / "venv"
    marker = venv / f".installed-ckan-{CKAN_VERSION}"
    if marker.exists():
        return
    if venv.exists():
        log(f"removing an unfinished environment in {venv}")
        shutil.rmtree(venv)
    log(f"creating CKAN {CKAN_VERSION}'s own environment (about a minute, once)")
    python = shutil.which("python3") or sys.executable
    _run([python, "-m", "venv", venv], "python3 -m venv")
    # wheel lets our plugin build without an isolated build environment.
    _pip_install(venv, f"ckan[requirements]=={CKAN_VERSION}", "wheel")
    marker.write_text(CKAN_VERSION + "\n")


def _ensure_plugin(home: Path, key: str) -> None:
    venv = home / "venv"
    marker = venv / f".plugin-{key}"
    if marker.exists():
        return
    log("installing the no-Solr search plugin into CKAN's environment")
    for old in venv.glob(".plugin-*"):
        old.unlink()
    # Build from a copy: an in-tree build would leave build/ and *.egg-info in the checkout.
    build_dir = home / "plugin-build"
    shutil.rmtree(build_dir, ignore_errors=True)
    shutil.copytree(PLUGIN_DIR, build_dir, ignore=shutil.ignore_patterns("__pycache__"))
    _pip_install(venv, "--no-deps", "--no-build-isolation", "--force-reinstall", build_dir)
    shutil.rmtree(build_dir, ignore_errors=True)
    marker.write_text(key + "\n")


def _ensure_extensions(home: Path, key: str) -> None:
    venv = home / "venv"
    marker = venv / f".extensions-{key}"
    if marker.exists():
        return
    log(f"installing {', '.join(EXTENSIONS)} into CKAN's environment")
    for old in venv.glob(".extensions-*"):
        old.unlink()
    _pip_install(venv, *EXTENSIONS)
    marker.write_text(key + "\n")


def _migrations_marker(home: Path, db_name: str, key: str) -> Path:
    return home / f".migrated-{db_name}-{key}"


def _ensure_migrations(home: Path, ckan: Path, ini: Path, db_name: str, key: str) -> None:
    """Create or upgrade the extensions' own tables (harvest sources, jobs, objects)."""
    marker = _migrations_marker(home, db_name, key)
    if marker.exists():
        return
    for plugin in MIGRATED_PLUGINS:
        log(f"ckan db upgrade -p {plugin}")
        _run([ckan, "-c", ini, "db", "upgrade", "-p", plugin], f"ckan db upgrade -p {plugin}")
    for old in home.glob(f".migrated-{db_name}-*"):
        old.unlink()
    marker.write_text(key + "\n")


def _psql(sql: str, dbname: str = "postgres") -> None:
    import psycopg

    try:
        conn = psycopg.connect(
            host=PG_HOST, port=PG_PORT, user=PG_SUPERUSER, dbname=dbname, autocommit=True
        )
    except psycopg.OperationalError as exc:
        raise CkanUnavailable(
            f"PostgreSQL on {PG_HOST}:{PG_PORT} refuses user {PG_SUPERUSER}: {exc}"
        ) from exc
    with conn:
        conn.execute(sql)


def _database_password(home: Path) -> str:
    """The CKAN role's password, made once per cache folder (only postgres is trusted)."""
    path = home / "database-password"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, secrets.token_urlsafe(18))
    return path.read_text().strip()


def _fresh_database(home: Path, db_name: str, password: str) -> None:
    log(f"creating PostgreSQL role and database {db_name}")
    # A new database has none of the extensions' tables yet.
    for old in home.glob(f".migrated-{db_name}-*"):
        old.unlink()
    _psql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    _psql(
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{db_name}') THEN "
        f'CREATE ROLE "{db_name}" LOGIN; END IF; END $$'
    )
    _psql(f"ALTER ROLE \"{db_name}\" PASSWORD '{password}'")
    _psql(f'CREATE DATABASE "{db_name}" OWNER "{db_name}" ENCODING \'UTF8\' TEMPLATE template0')


def _config_options(home: Path, db_name: str, password: str) -> dict[str, str]:
    return {
        "sqlalchemy.url": f"postgresql://{db_name}:{password}@{PG_HOST}:{PG_PORT}/{db_name}",
        # Each server gets its real address through CKAN_SITE_URL when it starts.
        "ckan.site_url": f"http://127.0.0.1:{DEFAULT_PORT}",
        "ckan.site_id": db_name,
        "ckan.storage_path": str(home / "storage"),
        "ckan.redis.url": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
        # CKAN 2.12's default plugin list is empty; ours only swaps the search index.
        "ckan.plugins": " ".join((PLUGIN_NAME, *EXTENSION_PLUGINS)),
        # Publishers upload real files; CKAN's default cap is 10 MB.
        "ckan.max_resource_size": "100",
        # The default views name plugins that are not enabled (a warning per resource).
        "ckan.views.default_views": "",
        "debug": "false",
    }


def _config_key(options: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()[:16]


def _apply_config(ckan: Path, ini: Path, options: dict[str, str]) -> None:
    Path(options["ckan.storage_path"]).mkdir(parents=True, exist_ok=True)
    _run(
        [ckan, "config-tool", ini, *(f"{key}={value}" for key, value in options.items())],
        "ckan config-tool",
    )


def _create_user_with_token(ckan: Path, ini: Path, name: str, sysadmin: bool) -> str:
    command = ["sysadmin", "add", "--create"] if sysadmin else ["user", "add"]
    _run(
        [
            ckan,
            "-c",
            ini,
            *command,
            name,
            f"email={name}@example.invalid",
            f"password={secrets.token_urlsafe(18)}",
        ],
        f"ckan {' '.join(command)} {name}",
    )
    out = _run(
        [ckan, "-c", ini, "user", "token", "add", name, "minhbach-tests", "-q"],
        f"ckan user token add {name}",
    )
    return out.strip().splitlines()[-1].strip()


def _create_users(ckan: Path, ini: Path) -> tuple[str, str]:
    """The sysadmin's and the normal user's API tokens."""
    log(f"creating sysadmin {SYSADMIN_NAME} and user {USER_NAME} with API tokens")
    # Each `ckan` command spends seconds loading CKAN: the two users are made side by side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        sysadmin = pool.submit(_create_user_with_token, ckan, ini, SYSADMIN_NAME, True)
        user = pool.submit(_create_user_with_token, ckan, ini, USER_NAME, False)
        return sysadmin.result(), user.result()


def _load_state(state_file: Path) -> CkanInstall | None:
    try:
        state = CkanInstall(**json.loads(state_file.read_text()))
    except (OSError, ValueError, TypeError):
        return None  # missing, half-written or from an older layout: set up again
    return state if state.recipe == RECIPE and Path(state.ini).exists() else None


def setup(home: Path | None = None) -> CkanInstall:
    """Make (or reuse) the cached CKAN: venv, plugin, ini, database, users and tokens.

    Raises CkanUnavailable when PostgreSQL or Redis is down or CKAN cannot be installed.
    """
    home = home or ckan_home()
    check_services()
    key = plugin_hash()
    extensions_key = extensions_hash()
    state_file = home / "state.json"
    ckan = home / "venv" / "bin" / "ckan"
    ini = home / "ckan.ini"
    db_name = database_name(home)
    with _setup_lock(home):
        password = _database_password(home)
        options = _config_options(home, db_name, password)
        config_key = _config_key(options)
        _ensure_venv(home)
        _ensure_plugin(home, key)
        _ensure_extensions(home, extensions_key)
        state = _load_state(state_file)
        if state is not None:
            if state.config_key != config_key:
                log("updating ckan.ini")
                _apply_config(ckan, ini, options)
                state = replace(state, config_key=config_key)
                _write_atomically(state_file, json.dumps(asdict(state), indent=2))
            _ensure_migrations(home, ckan, ini, db_name, extensions_key)
            return state
        started = time.monotonic()
        state_file.unlink(missing_ok=True)
        _fresh_database(home, db_name, password)
        log("writing ckan.ini")
        ini.unlink(missing_ok=True)
        _run([ckan, "generate", "config", ini], "ckan generate config")
        _apply_config(ckan, ini, options)
        log("ckan db init")
        _run([ckan, "-c", ini, "db", "init"], "ckan db init")
        _ensure_migrations(home, ckan, ini, db_name, extensions_key)
        sysadmin_token, user_token = _create_users(ckan, ini)
        state = CkanInstall(
            home=str(home),
            ini=str(ini),
            db_name=db_name,
            sysadmin_name=SYSADMIN_NAME,
            sysadmin_token=sysadmin_token,
            user_name=USER_NAME,
            user_token=user_token,
            recipe=RECIPE,
            config_key=config_key,
        )
        # Written last: its presence means every step above finished.
        _write_atomically(state_file, json.dumps(asdict(state), indent=2))
        log(f"configured in {time.monotonic() - started:.1f} s")
        return state


# --- the server -------------------------------------------------------------------------------


def status_show(url: str, timeout: float = 2.0) -> dict | None:
    """CKAN's status_show result, or None when nothing answers like CKAN at url."""
    try:
        with urllib.request.urlopen(f"{url}/api/3/action/status_show", timeout=timeout) as resp:
            body = json.load(resp)
    except (OSError, ValueError):
        return None
    if isinstance(body, dict) and body.get("success"):
        return body["result"]
    return None


class CkanServer:
    """One `ckan run` process of a set-up, on a fixed port; stop() and start() are real."""

    def __init__(self, install: CkanInstall, port: int | None = None) -> None:
        self.install = install
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(install.home) / "logs" / f"ckan-{self.port}.log"
        self._process: subprocess.Popen | None = None
        self.pid: int | None = None

    @property
    def sysadmin_token(self) -> str:
        return self.install.sysadmin_token

    @property
    def user_token(self) -> str:
        return self.install.user_token

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, detach: bool = False) -> None:
        """Start CKAN and return once it answers status_show (no-op when it runs)."""
        if self.is_running():
            return
        _prune_logs(self.log_path.parent)
        started = time.monotonic()
        with open(self.log_path, "ab") as out:
            self._process = subprocess.Popen(
                [
                    str(self.install.ckan_bin),
                    "-c",
                    self.install.ini,
                    "run",
                    "--disable-reloader",  # one process to stop
                    "--threaded",  # a slow request must not block the others
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=ckan_env({"CKAN_INI": self.install.ini, "CKAN_SITE_URL": self.url}),
                # Its own process group: stop() ends it with everything it started, and
                # `make ckan` can return while it keeps running.
                start_new_session=True,
                # A test run killed outright must not leave CKANs running on random ports.
                preexec_fn=None if detach else _terminate_with_parent,
            )
        self.pid = self._process.pid
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        if detach:
            self._process = None
        log(f"CKAN answers at {self.url} after {time.monotonic() - started:.1f} s")

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"CKAN exited with code {self._process.returncode}; "
                    f"end of {self.log_path}:\n{self.log_tail()}"
                )
            if status_show(self.url, timeout=1.0) is not None:
                return
            time.sleep(0.2)
        raise RuntimeError(
            f"CKAN did not answer at {self.url} within {START_TIMEOUT:.0f} s; "
            f"end of {self.log_path}:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """Terminate CKAN's process group; after it, connections are refused."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        _stop_group(process.pid, process)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def ckan(self, token: str | None = None, url: str | None = None) -> RemoteCKAN:
        """A ckanapi client; token None = the sysadmin's, "" = anonymous."""
        from ckanapi import RemoteCKAN

        apikey = self.sysadmin_token if token is None else (token or None)
        return RemoteCKAN(url or self.url, apikey=apikey, user_agent="minhbach-tests")


@contextlib.contextmanager
def running_ckan(port: int | None = None) -> Iterator[CkanServer]:
    """Set up (cached) and run a local CKAN for the duration of a block (benchmarks)."""
    server = CkanServer(setup(), port)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _prune_logs(folder: Path, max_age_days: float = 7) -> None:
    # Test servers take random ports, so each run leaves a log of its own; keep a week's.
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - max_age_days * 86400
    for old in folder.glob("ckan-*.log"):
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()


_libc = ctypes.CDLL(None, use_errno=True)  # loaded before any fork: preexec_fn only calls it
PR_SET_PDEATHSIG = 1


def _terminate_with_parent() -> None:
    # Runs in the child between fork and exec (Linux): SIGTERM it when its parent dies.
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop_group(pgid: int, leader: subprocess.Popen | None = None) -> None:
    """SIGTERM the process group, SIGKILL it after 10 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        # Our own child stays a zombie (still "in" the group) until it is waited for.
        if leader is not None and leader.poll() is None:
            time.sleep(0.05)
            continue
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    if leader is not None:
        leader.wait()


# --- clean-up --------------------------------------------------------------------------------


def reset(install: CkanInstall, url: str) -> dict[str, int]:
    """Purge every dataset, organization and group of the local CKAN (through its API).

    Ids come from the database because CKAN lists neither private nor deleted datasets
    without Solr; the purges go through the API so that CKAN removes what hangs on them.
    """
    import psycopg
    from ckanapi import RemoteCKAN

    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_SUPERUSER, dbname=install.db_name
    ) as conn:
        package_ids = [row[0] for row in conn.execute("SELECT id FROM package")]
        groups = list(conn.execute('SELECT id, is_organization FROM "group"'))
    with RemoteCKAN(url, apikey=install.sysadmin_token) as ckan:
        for package_id in package_ids:
            ckan.action.dataset_purge(id=package_id)
        for group_id, is_organization in groups:
            if is_organization:
                ckan.action.organization_purge(id=group_id)
            else:
                ckan.action.group_purge(id=group_id)
    return {"datasets": len(package_ids), "groups": len(groups)}


# --- `make ckan` ---------------------------------------------------------------------------


def _pid_file(install: CkanInstall, port: int) -> Path:
    return Path(install.home) / f"ckan-{port}.pid"


def start_detached(port: int) -> CkanInstall:
    install = setup()
    url = f"http://127.0.0.1:{port}"
    status = status_show(url)
    if status is not None:
        if status.get("ckan_version") != CKAN_VERSION:
            raise SystemExit(
                f"port {port} answers as CKAN {status.get('ckan_version')}, not {CKAN_VERSION}"
            )
        log(f"CKAN already answers at {url}")
        return install
    if _port_open("127.0.0.1", port, timeout=0.5):
        raise SystemExit(f"port {port} is taken by something that is not CKAN; use CKAN_PORT=...")
    server = CkanServer(install, port)
    server.start(detach=True)
    # CKAN leads its own process group (start_new_session), so its pid names the group.
    _pid_file(install, port).write_text(f"{server.pid}\n")
    log(f"log: {server.log_path}; stop it with `make ckan-stop`")
    return install


def _is_our_ckan(pid: int, port: int) -> bool:
    # A pid file can outlive its server (a reboot, a kill); its pid may belong to another
    # program by now, which must not be signalled.
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return (
        b"run" in argv
        and str(port).encode() in argv
        and str(ckan_home()).encode() in b" ".join(argv)
    )


def stop_detached(port: int) -> None:
    pid_file = ckan_home() / f"ckan-{port}.pid"
    if not pid_file.exists():
        log(f"no CKAN started by `make ckan` on port {port}")
        return
    pid = int(pid_file.read_text().strip() or 0)
    if pid > 0 and _is_our_ckan(pid, port):
        _stop_group(pid)
        log(f"stopped CKAN on port {port}")
    else:
        log(f"the CKAN started on port {port} had already stopped")
    pid_file.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "command", nargs="?", default="start", choices=["start", "stop", "prepare", "reset"]
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("CKAN_PORT", DEFAULT_PORT)))
    args = parser.parse_args(argv)
    try:
        if args.command == "stop":
            stop_detached(args.port)
            return 0
        if args.command == "prepare":
            started = time.monotonic()
            setup()
            log(f"CKAN {CKAN_VERSION} is set up (took {time.monotonic() - started:.1f} s)")
            return 0
        install = start_detached(args.port)
        if args.command == "reset":
            purged = reset(install, f"http://127.0.0.1:{args.port}")
            log(f"purged {purged['datasets']} datasets and {purged['groups']} groups")
            return 0
    except CkanUnavailable as exc:
        log(f"cannot run CKAN here: {exc}")
        return 2
    print(f"CKAN_URL=http://127.0.0.1:{args.port}")
    print(f"CKAN_API_TOKEN={install.sysadmin_token}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
