from lr_portal.adapters.tables import metadata
from lr_shared.migrations import run_env

run_env(metadata)
