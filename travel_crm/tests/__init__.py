from . import test_travel_document
from . import test_res_partner_traveller
from . import test_duplicate_guard
from . import test_traveller_views
