from . import test_travel_booking
from . import test_sla_calc
from . import test_travel_complaint
