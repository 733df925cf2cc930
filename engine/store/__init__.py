"""The tamper-evident audit store: append-only assessments in a hash chain (docs/audit.md)."""
from .chain import GENESIS, HASHED_FIELDS, record_hash
from .store import (
                    DEFAULT_URL,
                    MODES,
                    URL_ENV,
                    AuditStore,
                    ChainReport,
                    ReplayReport,
                    StoredAssessment,
                    StoreError,
                    database_url,
                    open_store,
)

__all__ = ["open_store", "AuditStore", "StoredAssessment", "ChainReport", "ReplayReport", "StoreError",
           "GENESIS", "HASHED_FIELDS", "record_hash", "DEFAULT_URL", "URL_ENV", "MODES", "database_url"]
