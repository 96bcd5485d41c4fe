"""The lifecircle Processing provider: its algorithms and the LIFECIRCLE_CLI option."""
from qgis.core import QgsProcessingProvider

from .algorithms import CompareAlgorithm, CoverageAlgorithm, RunAlgorithm, SiteAlgorithm


class LifecircleProvider(QgsProcessingProvider):
    def id(self):
        return "lifecircle"

    def name(self):
        return "lifecircle 老旧小区生活圈"

    def longName(self):  # noqa: N802
        return "lifecircle: living circles of old residential estates 老旧小区生活圈"

    def load(self):
        # Settings > Options > Processing > Providers: where the CLI is, when it is neither
        # on PATH nor in the source tree (cli.find_cli)
        try:
            from processing.core.ProcessingConfig import ProcessingConfig, Setting
        except ImportError:  # Processing not loaded (a bare PyQGIS script): env only
            return super().load()
        ProcessingConfig.addSetting(Setting(
            self.name(), "LIFECIRCLE_CLI", "lifecircle executable (empty: PATH, then the source "
            "tree's build/lifecircle)", "", valuetype=Setting.FILE))
        ProcessingConfig.readSettings()
        return super().load()

    def unload(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig
            ProcessingConfig.removeSetting("LIFECIRCLE_CLI")
        except ImportError:
            pass

    def loadAlgorithms(self):  # noqa: N802
        for alg in (CoverageAlgorithm(), RunAlgorithm(), SiteAlgorithm(), CompareAlgorithm()):
            self.addAlgorithm(alg)
