"""Running songsmith as a user does: through the console entry point (errors become one line and
an exit status), in this process, with stdout and stderr apart."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from songsmith.cli import main


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def assert_no_crash(self) -> None:
        """Never an internal error (exit 3) or a traceback, whatever the input."""
        assert self.exit_code != 3 and "internal error" not in self.output, self.output
        assert "Traceback" not in self.output, self.output


def entry(*args: object) -> Ran:
    with CliRunner().isolation() as (out, err, *_):
        try:
            main([str(arg) for arg in args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return Ran(code, out.getvalue().decode(), err.getvalue().decode())
