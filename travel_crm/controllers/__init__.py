from . import feedback
from . import privacy
