"""Runs made once per test session with the aimc binary under test (AIMC_BINARY, default
build/aimc): the default scenario under fr_fcfs and ai_aware with time series, and the shipped
sweep."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "tools", "report"))


def aimc_binary():
    return os.environ.get("AIMC_BINARY", os.path.join(SOURCE, "build", "aimc"))


def run_aimc(*args):
    return subprocess.run([aimc_binary(), *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def runs(tmp_path_factory):
    """{policy: stats path} for the default scenario, with 100 ns time series."""
    out = tmp_path_factory.mktemp("runs")
    paths = {}
    for policy in ("fr_fcfs", "ai_aware"):
        path = str(out / f"{policy}.json")
        r = run_aimc("run", os.path.join(SOURCE, "scenarios", "default.yaml"), "--policy", policy, "--stats", path,
                     "--timeseries-ns", "100", "--quiet")
        assert r.returncode == 0, r.stderr
        paths[policy] = path
    return paths


@pytest.fixture(scope="session")
def sweep_dir(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("sweep") / "s")
    r = run_aimc("sweep", os.path.join(SOURCE, "sweeps", "decode_policy_rate.yaml"), "-o", out, "-q")
    assert r.returncode == 0, r.stdout + r.stderr
    return out
