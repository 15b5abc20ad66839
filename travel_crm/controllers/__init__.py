from . import feedback
from . import engagement
from . import privacy
