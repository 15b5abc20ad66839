from . import test_travel_booking
from . import test_travel_booking_states
from . import test_booking_invoicing
from . import test_travel_booking_access
from . import test_travel_booking_reporting
from . import test_travel_booking_itinerary
from . import test_passport_check
from . import test_travel_destination_rule
