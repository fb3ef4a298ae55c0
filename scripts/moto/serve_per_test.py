"""pytest plugin: runs moto's own test suite in server mode against `lakehouse serve`, one fresh serve (empty data
directory) per test, in the region the test names. moto's tests expect the empty state its /moto-api/reset gives,
and instant state transitions, so the transition delays are set to 0. See run.sh beside this file."""
import inspect
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _region_of(item):
    # moto's tests name their region in the client calls (region_name="eu-west-1"); the function's own first.
    for get in (lambda: inspect.getsource(item.function), lambda: inspect.getsource(item.module)):
        try:
            m = re.search(r"region_name\s*=\s*[\"']([a-z]{2}-[a-z]+-\d)[\"']", get())
        except (OSError, TypeError):
            continue
        if m:
            return m.group(1)
    return "us-east-1"


def _wait_for(port, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"lakehouse serve did not listen on {port} within {seconds} s")


@pytest.fixture(autouse=True)
def _lakehouse_serve(request):
    # moto reads the endpoint when a test module is imported, so the port is fixed for the whole run (run.sh).
    port = int(os.environ["TEST_SERVER_MODE_ENDPOINT"].rsplit(":", 1)[1])
    data = tempfile.mkdtemp(prefix="moto-serve-")
    shutil.rmtree(data)  # serve creates its data directory itself (and refuses a foreign one)
    env = dict(os.environ, LAKEHOUSE_KINESIS_TRANSITION_MS="0", LAKEHOUSE_FIREHOSE_TRANSITION_MS="0",
               LAKEHOUSE_ATHENA_CAPACITY_TRANSITION_MS="0", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED="true")
    with open(data + ".log", "w") as log:
        proc = subprocess.Popen(
            ["node", "--import", "tsx", os.path.join(REPO, "src/cli/bin.ts"), "serve", "--data-dir", data,
             "--port", str(port), "--region", _region_of(request.node)],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for(port)
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
            shutil.rmtree(data, ignore_errors=True)
    os.remove(data + ".log")
