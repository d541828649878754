# The image check is shared; migrations name it here.
from icis.core.validators import MAX_LOGO_BYTES, validate_logo

__all__ = ["MAX_LOGO_BYTES", "validate_logo"]
