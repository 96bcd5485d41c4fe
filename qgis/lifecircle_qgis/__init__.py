"""lifecircle for QGIS: the engine's commands as Processing algorithms."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import LifecirclePlugin
    return LifecirclePlugin(iface)
