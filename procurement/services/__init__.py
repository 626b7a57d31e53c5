"""Every write of the procurement app: imports, saved searches and alerts, procurement profiles."""
