from . import travel_interest_tag
from . import travel_document
from . import travel_companion
from . import res_partner
