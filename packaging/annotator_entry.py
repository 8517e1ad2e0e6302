"""The frozen app's entry point: the same ``annotator.cli:main`` as the installed ``annotator`` command.

``freeze_support`` comes first, before the command line's imports: a job's process (or the server
they are forked from) that the frozen executable starts again is recognised at once and runs only
the job's code."""

import multiprocessing

multiprocessing.freeze_support()

from annotator.cli import main  # noqa: E402

raise SystemExit(main())
