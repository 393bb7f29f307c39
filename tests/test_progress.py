"""What a person watching a build sees: bars on a terminal, a line per phase
in a log, the per-seed listing only when asked for."""

import io

from conftest import make_project, run_build
from reportarchive import progress


def _phase_output(terminal: bool) -> str:
    stream = io.StringIO()
    progress.show(terminal=terminal, stream=stream)
    try:
        with progress.phase("read and clean", 3, "seed") as advance:
            for _ in range(3):
                advance()
    finally:
        progress.quiet()
    return stream.getvalue()


def test_on_a_terminal_a_phase_is_a_bar_with_count_rate_and_time_left():
    shown = _phase_output(terminal=True)
    # count/total, elapsed<time left, rate (tqdm redraws at most ten times a second: this phase is too fast for more)
    assert "read and clean:   0%|" in shown and "0/3 [00:00<?, ? seeds/s]" in shown
    assert shown.rstrip().endswith("read and clean: 3 seeds in 0.0 s")


def test_in_a_log_a_phase_is_one_line():
    assert _phase_output(terminal=False) == "read and clean: 3 seeds in 0.0 s\n"


def test_nothing_is_shown_unless_the_command_line_asks():
    stream = io.StringIO()
    with progress.phase("pages", 2, "report") as advance:
        advance(2)
    assert stream.getvalue() == ""


def test_the_build_lists_every_seed_only_with_verbose(tmp_path):
    project = make_project(tmp_path / "project")
    quiet = run_build(project, "--no-site")
    assert quiet.returncode == 0, quiet.stderr
    assert "read and clean: 5 seeds in" in quiet.stdout and "pages: 3 reports in" in quiet.stdout
    assert "5 seeds → 3 reports in 4 languages" in quiet.stdout
    assert " → fr (confidence" not in quiet.stdout and "%|" not in quiet.stdout  # not a terminal: no bars
    verbose = run_build(project, "--no-site", "--verbose")
    assert verbose.stdout.count(" → ") == 5 + 1 and "seeds/004_81e7b134df8a2635.txt → fr (confidence" in verbose.stdout
