"""Why a teacher's request cannot be carried out."""


class NotPendingError(Exception):
    """Only a registration waiting for confirmation can be confirmed."""
