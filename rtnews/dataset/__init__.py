"""The dataset release: every crawl run consolidated into one versioned, documented dataset.

``rtnews dataset build --out DIR [--data DIR ...] [--csv]`` (``rtnews.dataset.cli``) and
``rtnews dataset verify DIR``. Modules: ``runs`` (the runs' files), ``schema`` (the Arrow
schema from ``rtnews.items``), ``index`` (the build index that makes rebuilds
incremental), ``partitions`` (Parquet files), ``stories``, ``csvfiles``, ``card``,
``croissant``, ``manifest`` and ``build`` (the steps in order).
"""
