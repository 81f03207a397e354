"""Rendición: follow-up of a municipal *Plan de Acción de Rendición de Cuentas*.

The package is the product's core. It never imports Streamlit: the dashboard and
the command line are thin shells over these modules.
"""

__version__ = "0.1.0"
