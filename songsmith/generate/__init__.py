"""Generating audio takes from song packages through the music services' own APIs.

``songsmith generate`` and ``songsmith batch --generate`` use
:func:`songsmith.generate.run.generate_songs`: the bodies
come from the package code (:mod:`.bodies`), each service has its module (:mod:`.base` lists
them), the job store (:mod:`.store`) makes a run resumable and idempotent, :mod:`.download`
checks every take before it becomes a file, :mod:`.costs` holds the prices and the budget.
"""
