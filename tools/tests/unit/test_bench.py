from lr_tools.bench.command import ratios
from lr_tools.bench.machine import cpu_model, memory_gib, status_kib
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


def test_raw_parse_reads_every_dialect_the_boards_send() -> None:
    semicolon = "\ufeffa;b;c\r\n1;2;3\r\n".encode()
    comma = b'a,b,c\n4,"5,5",6\n'
    assert parse([semicolon, comma]) == [["1", "2", "3"], ["4", "5,5", "6"]]


def test_group_names_lose_the_fleet_suffix() -> None:
    assert group_name("lr-registry-appointments.f12ab", ".f12ab") == "lr-registry-appointments"
