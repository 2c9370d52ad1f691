"""``songsmith batch``: whole collections into packages, resumable, with a report and a songbook.

Modules (each small, each imported only when needed):

* :mod:`.sources`  – poems streamed from SOURCE paths (chinese-poetry JSON, directories of poem/song
  files, plain text), ``--select`` expressions, input hashes and unique job keys;
* :mod:`.work`     – one poem → song → package files, written into a temp dir and renamed into place;
* :mod:`.state`    – the job state: SQLite (WAL) in ``OUT/.songsmith/batch.db`` and the lock file;
* :mod:`.runner`   – scheduling: offline work on ``--jobs`` processes, LLM work on threads;
* :mod:`.provider` – Anthropic Message Batches / OpenAI Batch (``--provider-batch``);
* :mod:`.progress` – rich progress bar, plain lines or ``--json`` events;
* :mod:`.report`   – ``report.md`` and ``index.json``;
* :mod:`.songbook` – ``songbook.html``.

See docs/batch.md.
"""
