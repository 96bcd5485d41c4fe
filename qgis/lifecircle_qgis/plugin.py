"""The plugin only registers the Processing provider: the toolbox is its whole user interface."""
from qgis.core import QgsApplication

from .provider import LifecircleProvider


class LifecirclePlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None

    # QGIS calls initProcessing when it loads Processing providers (also in qgis_process,
    # where there is no GUI); initGui covers QGIS versions or setups that skip it.
    def initProcessing(self):  # noqa: N802
        if self.provider is None:
            self.provider = LifecircleProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
