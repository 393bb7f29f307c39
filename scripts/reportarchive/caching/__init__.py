"""What a build keeps and how it writes: apart from what it builds.

- ``digests``: every digest (SHA-256): content names, cache keys, code versions;
- ``files``: atomic writes, folder swaps, staging folders, locks;
- ``memo``: results of pure stages by the digest of their inputs (``.cache/*.sqlite``, read a value at a time);
- ``store``: generated files by the digest of their content (``.cache/docs/``);
- ``stamp``: whether ``site/`` is already what a build would make (``build/stamp.json``).

``pipeline.Caches`` is the one owner that loads them for a build and saves them.
"""
