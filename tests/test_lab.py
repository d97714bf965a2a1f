"""`make lab` (scripts/lab.py): starts as root as in a container, and says which URL to open."""
from __future__ import annotations

import importlib.util
import socket

from analysis import config


def lab():
    spec = importlib.util.spec_from_file_location("lab", config.REPO_ROOT / "scripts" / "lab.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_root_gets_allow_root_and_others_do_not():
    module = lab()
    as_root = module.command("jupyter", is_root=True, ip="127.0.0.1", port=8888, token="t")
    as_user = module.command("jupyter", is_root=False, ip="127.0.0.1", port=8888, token="t")
    # Jupyter stops with "Running as root is not recommended" without --allow-root
    assert as_root[-1] == "--allow-root" and "--allow-root" not in as_user
    assert f"--notebook-dir={config.REPO_ROOT / 'notebooks'}" in as_user
    # the URL printed is the one the server listens on: same port (no silent retry), token
    assert {"--ServerApp.port=8888", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=t", "--no-browser"} <= set(as_user)


def test_the_address_to_open_names_port_and_token():
    module = lab()
    assert module.address("127.0.0.1", 8890, "abc") == "http://localhost:8890/lab?token=abc"
    assert module.address("0.0.0.0", 8888, "abc") == "http://localhost:8888/lab?token=abc"
    assert module.address("10.0.0.5", 8888, "x") == "http://10.0.0.5:8888/lab?token=x"


def test_a_busy_port_is_skipped():
    module = lab()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert module.free_port("127.0.0.1", taken) > taken
