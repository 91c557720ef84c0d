import os
import subprocess
import sys

from lr_tools.bench.command import ratios
from lr_tools.bench.machine import (
    command_cpu_s,
    cpu_model,
    memory_gib,
    process_cpu_s,
    stat_cpu,
    status_kib,
)
from lr_tools.bench.raw import parse
from lr_tools.bench.report import Stage, percentile, raw_limit, targets
from lr_tools.bench.sampling import group_name

STATUS = """Name:\tpython
State:\tS (sleeping)
VmHWM:\t  204800 kB
VmRSS:\t  153600 kB
Threads:\t4
"""


def test_rss_and_peak_are_read_from_proc_status_in_kib() -> None:
    assert status_kib(STATUS, "VmRSS") == 153_600
    assert status_kib(STATUS, "VmHWM") == 204_800


def test_a_process_without_memory_lines_has_no_rss() -> None:
    assert status_kib("Name:\tzombie\nState:\tZ (zombie)\n", "VmRSS") is None


def test_machine_facts_come_from_cpuinfo_and_meminfo() -> None:
    assert cpu_model("processor\t: 0\nmodel name\t: AMD EPYC 7B13\n") == "AMD EPYC 7B13"
    assert memory_gib("MemTotal:       24576000 kB\nMemFree: 1 kB\n") == 23.4


def test_a_stage_records_its_first_item_and_when_it_finished() -> None:
    stage = Stage("validated", "rows", 1000)
    stage.observe(1.0, 0, False)
    stage.observe(2.0, 400, False)
    stage.observe(5.0, 1000, True)
    stage.observe(6.0, 1000, True)
    assert (stage.first_s, stage.done_s) == (2.0, 5.0)
    assert stage.per_second == 200
    assert stage.window_per_second == 1000 / 3


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50
    assert percentile(values, 0.95) == 95
    assert percentile([], 0.5) is None


def test_the_raw_limit_of_sequential_steps_is_their_sum() -> None:
    assert raw_limit(1.0, 2.5, 0.5) == 4.0


def test_ratios_compare_end_to_end_with_the_raw_limit_and_the_peer() -> None:
    result = {
        "national": {
            "rows": 3000,
            "stages": [
                {"name": "validated", "done_s": 10.0},
                {"name": "registered", "done_s": 20.0},
                {"name": "invited", "done_s": 30.0},
            ],
        },
        "raw": {"limit_s": 5.0},
        "peer": {"rows_per_second": 50},
    }
    assert ratios(result) == {
        "end_to_end_vs_raw": 6.0,
        "validated_vs_raw": 2.0,
        "ours_rows_per_second": 150.0,
        "ours_vs_peer": 3.0,
        "kafka_sasl_ssl_vs_plaintext": None,
    }


def test_ratios_are_absent_when_a_part_did_not_run() -> None:
    assert set(ratios({}).values()) == {None}


def test_targets_judge_peaks_and_the_end_to_end_ratio() -> None:
    result = {
        "national": {"stages": [], "peak_rss_mib": {"intake": 310.0, "registry": 120.0}},
        "ratios": {"end_to_end_vs_raw": 2.5},
    }
    judged = {t.what: t.met for t in targets(result)}
    assert judged == {
        "intake peak RSS": False,
        "registry peak RSS": True,
        "end to end vs the raw limit": True,
    }


def test_targets_judge_the_services_own_benchmarks() -> None:
    result = {
        "services": {
            "intake": {
                "validation_best_rows_per_s": 120_000,
                "validation_median_rows_per_s": 95_000,
                "upload_published_rows_per_s": 21_000,
                "intake_peak_rss_mib": 221,
            },
            "portfolio": {"reports_per_s": 10_500, "consistent": False},
            "notifications": {"mails_per_s": 1_400, "mails_beyond": 0, "peak_rss_mib": 150.0},
        }
    }
    judged = {t.what: t.met for t in targets(result)}
    assert judged == {
        "intake validation in-process (median of 3)": False,
        "intake one 300,000-row file, upload -> published": True,
        "intake peak RSS (that file)": True,
        "portfolio attendance reports, progress updated": False,
        "notifications mails (own benchmark)": True,
        "notifications peak RSS (backlog)": True,
    }


def test_raw_parse_reads_every_dialect_the_boards_send() -> None:
    semicolon = "\ufeffa;b;c\r\n1;2;3\r\n".encode()
    comma = b'a,b,c\n4,"5,5",6\n'
    assert parse([semicolon, comma]) == [["1", "2", "3"], ["4", "5,5", "6"]]


def test_group_names_lose_the_fleet_suffix() -> None:
    assert group_name("lr-registry-appointments.f12ab", ".f12ab") == "lr-registry-appointments"


def test_cpu_time_is_read_from_proc_stat_in_clock_ticks() -> None:
    ticks = os.sysconf("SC_CLK_TCK")
    # A comm with spaces and a parenthesis, as /proc allows; utime 250, stime 50, children 100+0.
    stat = "4242 (python (x) y) S 7 4242 4242 0 -1 4194304 10 0 0 0 250 50 100 0 20 0 1 0"
    parent, own, children = stat_cpu(stat)
    assert parent == 7
    assert own == 300 / ticks
    assert children == 100 / ticks


def test_a_busy_process_shows_its_cpu_time_and_a_gone_one_none() -> None:
    busy = subprocess.Popen(
        [sys.executable, "-c", "import time\nt = time.process_time()\n"
         "while time.process_time() - t < 0.3: pass\nprint('done', flush=True)\ninput()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert busy.stdout is not None
        assert busy.stdout.readline() == "done\n"
        used = process_cpu_s(busy.pid)
        assert used is not None
        assert used >= 0.25
    finally:
        busy.communicate("")
    assert process_cpu_s(busy.pid) is None


def test_no_process_of_a_name_costs_nothing() -> None:
    assert command_cpu_s("no-such-command-here") == 0.0
