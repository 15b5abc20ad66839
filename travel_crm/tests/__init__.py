from . import test_travel_booking
from . import test_travel_booking_states
