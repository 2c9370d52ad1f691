"""Classical Chinese poems: corpus loaders, script conversion, classical readings, prosody.

Modules (each imported only when needed; opencc and pypinyin load inside functions):

* :mod:`.corpus`   – streaming loaders for chinese-poetry JSON, text and YAML files, stable ids;
* :mod:`.normalise` – cleaning corpus verse (variant notes, editorial marks, commentary), with a record;
* :mod:`.script`   – OpenCC traditional ⇄ simplified;
* :mod:`.readings` – pypinyin plus the curated classical readings in ``prompts/poetry/readings.yaml``;
* :mod:`.prosody`  – lines, form, rhyme (中华新韵) and 平仄;
* :mod:`.analysis` – the ``songsmith analyze`` result and its JSON;
* :mod:`.slug`     – pinyin file-name slugs;
* :mod:`.importer` – ``songsmith import --from chinese-poetry``: one poem file per poem.

The ``analyze`` JSON contract and the readings data format are documented in docs/analyze.md.
"""
