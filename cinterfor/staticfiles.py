"""Static files as production serves them: compressed and fingerprinted by WhiteNoise."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    return tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for extension, rules in patterns
    )


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, leaving source-map comments alone.

    The minified libraries in static/vendor/ name .map files that we do not ship; Django would
    refuse to collect them for it. A browser asks for a map only while its developer tools are
    open, where a missing one costs nothing.
    """

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
