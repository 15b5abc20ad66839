from . import feedback
from . import engagement
from . import privacy
from . import supplier_confirmation
from . import portal
from . import portal_complaint
from . import portal_loyalty
from . import portal_document
