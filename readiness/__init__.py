"""readiness: score children's services against Ofsted's framework and brief boards."""

__version__ = "0.1.0"
