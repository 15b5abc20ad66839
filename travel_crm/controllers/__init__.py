from . import feedback
from . import engagement
