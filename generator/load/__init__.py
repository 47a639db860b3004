"""Load: files to data, with the line and column of every key and value.

Strict YAML reading (no tags, duplicate keys or alias bombs), paths that never leave the
project, discovery of the files to read, and a cache of what was validated before.
"""
