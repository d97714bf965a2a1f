"""Open the chapters in JupyterLab: what `make lab` runs, once the `lab` extra is installed.

Works as root too (a container, a root shell), where Jupyter refuses to start without
`--allow-root`. It chooses the address itself (LAB_IP, default 127.0.0.1; LAB_PORT, default
8888, or the next free port) and a token (LAB_TOKEN, else a random one), and prints the URL to
open before JupyterLab starts, so it is never lost among the server's log lines. From outside
a container, publish the port and run `make lab LAB_IP=0.0.0.0`.
"""
from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port(ip: str, first: int, tries: int = 20) -> int:
    """The first port from ``first`` that nothing listens on at ``ip``."""
    for port in range(first, first + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((ip, port))
            except OSError:
                continue
            return port
    raise SystemExit(f"no free port in {first}-{first + tries - 1} on {ip}: set LAB_PORT")


def command(jupyter: str, *, is_root: bool, ip: str, port: int, token: str) -> list[str]:
    """The JupyterLab command line: the chapters' folder, this address and token, no browser
    of its own (the URL is printed instead) and, for root, ``--allow-root``."""
    line = [jupyter, "lab", f"--notebook-dir={ROOT / 'notebooks'}", f"--ServerApp.ip={ip}",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", "--no-browser",
            f"--IdentityProvider.token={token}"]
    return line + (["--allow-root"] if is_root else [])


def address(ip: str, port: int, token: str) -> str:
    """The URL to open: on this machine (localhost) unless a specific address was asked."""
    host = "localhost" if ip in ("127.0.0.1", "0.0.0.0", "localhost", "") else ip
    return f"http://{host}:{port}/lab?token={token}"


def main() -> None:
    ip = os.environ.get("LAB_IP") or "127.0.0.1"
    port = free_port(ip, int(os.environ.get("LAB_PORT") or 8888))
    token = os.environ.get("LAB_TOKEN") or secrets.token_hex(16)
    jupyter = str(Path(sys.executable).with_name("jupyter"))
    line = command(jupyter, is_root=hasattr(os, "geteuid") and os.geteuid() == 0, ip=ip,
                   port=port, token=token)
    print(f"\nJupyterLab is starting on the chapters. Open this address in your browser:\n\n"
          f"    {address(ip, port, token)}\n\nthen open a chapter with Open With -> Jupytext "
          "Notebook. Stop with Ctrl+C.\n", flush=True)
    os.execv(line[0], line)


if __name__ == "__main__":
    main()
