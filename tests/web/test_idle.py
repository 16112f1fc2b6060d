"""Idle connections cannot starve the server: under a 256-descriptor limit, 400 sockets that never send
a request are dropped after the head timeout and a normal request is answered."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from paths import SEEDS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(sys.platform != "linux", reason="descriptor limits via setrlimit")
def test_idle_sockets_do_not_starve_the_server(tmp_path):
    db = str(tmp_path / "l.db")
    subprocess.run([sys.executable, "-m", "triangulate", "ingest", str(SEEDS), "--db", db], check=True,
                   capture_output=True, timeout=300)
    port = _free_port()

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    env = {**os.environ, "TRIANGULATE_HEADER_TIMEOUT": "1", "TRIANGULATE_MAX_CONNECTIONS": "100"}
    server = subprocess.Popen([sys.executable, "-m", "triangulate", "serve", "--db", db, "--port", str(port)],
                              env=env, preexec_fn=limit, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/incidents?per_page=1"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        idle = []
        for _ in range(400):
            s = socket.socket()
            s.settimeout(2)
            try:
                s.connect(("127.0.0.1", port))
            except OSError:
                s.close()
                continue
            idle.append(s)
        time.sleep(2.5)  # past the head timeout: the idle ones are gone
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
    finally:
        for s in idle if "idle" in locals() else []:
            s.close()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
