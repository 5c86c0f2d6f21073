"""The answer to a job handed to the app's writer: what to do once it is back, and waiting for it in a dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop


class Pending:
    """The answer to a job handed to the writer: `done` once its result is back on the UI thread."""

    def __init__(self, label: str):
        self.label = label
        self.done = False
        self.result = None
        self.error: str | None = None  # "" when cancelled
        self._then: list[Callable] = []
        self._failed: list[Callable[[str], None]] = []
        self._hooks: list[Callable[[], None]] = []  # after either outcome

    @property
    def ok(self) -> bool:
        return self.done and self.error is None

    def then(self, fn: Callable) -> Pending:
        """Call `fn(result)` once the job succeeded (at once if it already has)."""
        if self.ok:
            fn(self.result)
        elif not self.done:
            self._then.append(fn)
        return self

    def finally_(self, fn: Callable[[], None]) -> Pending:
        """Call `fn()` once the answer is back, whatever it is."""
        if self.done:
            fn()
        else:
            self._hooks.append(fn)
        return self

    def failed(self, fn: Callable[[str], None]) -> Pending:
        """Call `fn(message)` instead of reporting the failure as a message box ("" when cancelled)."""
        if self.done and self.error is not None:
            fn(self.error)
        elif not self.done:
            self._failed.append(fn)
        return self

    def wait(self) -> bool:
        """Keep the window alive (a local event loop) until the answer is back; True if it succeeded.

        For modal dialogs that must know the outcome before closing (what was typed stays
        in them when it is refused). Everything else uses `then`.
        """
        if not self.done:
            loop = QEventLoop()
            self._hooks.append(loop.quit)
            loop.exec()
        return self.ok

    def _finish(self, result=None, error: str | None = None, report: Callable[[str], None] | None = None) -> None:
        self.done, self.result, self.error = True, result, error
        try:
            if error is None:
                for fn in self._then:
                    fn(result)
            elif self._failed:
                for fn in self._failed:
                    fn(error)
            elif error and report is not None:
                report(error)
        finally:
            for fn in self._hooks:
                fn()
            self._then.clear()
            self._failed.clear()
            self._hooks.clear()
