from lr_profession.adapters.tables import metadata
from lr_shared.migrations import run_env

run_env(metadata)
